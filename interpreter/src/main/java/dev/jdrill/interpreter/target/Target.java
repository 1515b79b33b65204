package dev.jdrill.interpreter.target;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one seam between the interpreter and a TCP stack under test: the bundled engine (virtual time)
 * or this host's kernel (wall clock). The interpreter is single-threaded and calls a target from one
 * thread only; a target may use threads of its own (a TUN reader, a blocking-call thread).
 *
 * <h2>Time</h2>
 * All times are microseconds since the script's time zero, which {@link #start()} marks. A virtual
 * target's clock moves only inside {@link #waitUntil}, {@link #nextOutbound} and {@link #awaitCall}, and
 * there only as far as needed; a wall-clock target's clock moves by itself.
 *
 * <h2>Outbound packets</h2>
 * Every packet the stack sends is queued, in send order, with the time it was sent; {@link #nextOutbound}
 * takes them off the queue one at a time. Nothing is ever dropped or reordered, so a packet sent while
 * the interpreter was busy elsewhere is still reported, with its true send time.
 *
 * <h2>Socket calls</h2>
 * {@link #startCall} begins a call at the current time. A call that does not block completes during
 * {@code startCall} (its outcome is then available from {@link #pollCall} at once). A blocking call
 * completes later, when the stack's state lets it (data arrives, the handshake completes, a timer
 * fires). The interpreter starts calls with an end time through {@link #startBlockingCall}. As in packetdrill, at most one blocking call is in progress at a time (it runs on the syscall
 * thread), while calls the script does not mark as blocking may still be made meanwhile (on the main
 * thread). Linux does not wake a call blocked on an fd that another thread closes: the close takes
 * effect when the blocked call returns, and targets behave the same way.
 * Fds in calls are live fds: the interpreter maps script fds to them.
 *
 * <h2>Failures</h2>
 * Methods throw {@link TargetException} when the target itself fails (a device error, a missing
 * capability) and {@link UnsupportedByTargetException} when the script asks for something this target
 * cannot do at all (the interpreter turns that into a SKIP naming what was asked).
 */
public interface Target extends AutoCloseable {

    /** {@code engine} or {@code linux}: the name used in reports. */
    String name();

    /** Whether time is simulated (the engine) rather than the wall clock (the kernel). */
    boolean virtualTime();

    /**
     * The addresses this target really uses, given the script's defaults: a target that tests another
     * host (remote) puts that host's address in place of the default local one. Called before
     * {@link #start}; by default the defaults.
     */
    default TargetConfig configure(TargetConfig defaults) {
        return defaults;
    }

    /**
     * The first port the scripted peer opens connections from (the next ones count up). 48000 on targets
     * that start from a clean stack; a target whose host outlives the script (remote) picks a fresh one
     * per run, so a connection left in TIME_WAIT by an earlier run is never hit again.
     */
    default int firstPeerPort() {
        return 48_000;
    }

    /**
     * Sets the stack up for one script (addresses, device, warm-up of every native handle) and marks
     * time zero. Called exactly once, before any other method but {@link #name()}.
     */
    void start(TargetConfig config) throws TargetException;

    /** The current time, in microseconds since time zero. */
    long nowMicros();

    /**
     * Waits until {@code timeMicros} (a virtual target runs its timers up to that instant; outbound
     * packets produced meanwhile are queued). Returns at once if that time has passed.
     */
    void waitUntil(long timeMicros) throws TargetException;

    /** Delivers a packet from the remote peer to the stack, now. */
    void inject(IpPacket packet) throws TargetException;

    /**
     * The next packet the stack sent, waiting for it until {@code deadlineMicros} at most. A virtual
     * target advances its clock to the packet's send time, or to the deadline when none comes.
     */
    Optional<SentPacket> nextOutbound(long deadlineMicros) throws TargetException;

    /** Begins a socket call at the current time. */
    CallHandle startCall(SocketCall call) throws TargetException;

    /**
     * Begins a call the script marks as blocking (it has an end time, {@code 0...1 read(...)}). As in
     * packetdrill, a target may make such calls on a thread of its own (the syscall thread) and the
     * others on the calling thread: the linux target does (see its javadoc). By default the same as
     * {@link #startCall}.
     */
    default CallHandle startBlockingCall(SocketCall call) throws TargetException {
        return startCall(call);
    }

    /** The call's outcome if it has completed, without waiting. */
    Optional<CallOutcome> pollCall(CallHandle call);

    /**
     * Waits for the call to complete until {@code deadlineMicros} at most. A virtual target advances its
     * clock only as far as the completion (or the deadline).
     */
    Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) throws TargetException;

    /**
     * The state of the connection between these endpoints, including sockets no fd refers to any more
     * (orphans in FIN_WAIT1/2, LAST_ACK, CLOSING, TIME_WAIT); {@link TcpState#CLOSED} when there is none.
     */
    TcpState connectionState(ConnectionKey connection) throws TargetException;

    /** The state of the socket behind a live fd (a listener is LISTEN). */
    TcpState socketState(int liveFd) throws TargetException;

    /**
     * {@code tcpi_*} fields of TCP_INFO for a live fd, by their struct tcp_info names; a kernel target adds
     * SO_MEMINFO's {@code SK_MEMINFO_*} counters, which packetdrill's code blocks also see.
     */
    Map<String, Long> tcpInfo(int liveFd) throws TargetException;

    /**
     * Sets a kernel tunable, e.g. {@code net.ipv4.tcp_syn_retries} to {@code 3}: an engine tunable on
     * the engine, a sysctl inside the test's own namespace on the kernel.
     *
     * @throws UnsupportedByTargetException for a name this target does not model
     */
    void setSysctl(String name, String value) throws TargetException;

    /**
     * Runs a backtick command with {@code /bin/sh -c} inside the test's namespace.
     *
     * @throws UnsupportedByTargetException on targets that cannot run commands (the engine)
     */
    CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException;

    /** Tears everything down: sockets, threads, devices, namespaces. Idempotent; never throws. */
    @Override
    void close();
}
