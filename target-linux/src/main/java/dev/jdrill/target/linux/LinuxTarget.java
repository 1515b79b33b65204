package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallsInProgress;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.linux.CommandResult;
import dev.jdrill.linux.LinuxCapability;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.Syscalls;
import dev.jdrill.linux.TcpInfo;
import dev.jdrill.linux.TestNetwork;
import dev.jdrill.linux.TestNetworkConfig;
import dev.jdrill.linux.TunFrame;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import dev.jdrill.wire.codec.PacketCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The host kernel as a target: a fresh network namespace with tun0 per script (see {@link TestNetwork}),
 * wall-clock time from {@link #start}, socket calls on real fds, outbound packets as the TUN reader
 * timestamped them, connection states from sock_diag.
 *
 * <h2>Threads (packetdrill's model)</h2>
 * packetdrill makes the calls a script does not mark as blocking directly on its main thread, and only
 * blocking calls ({@code 0...1 read(...)}) on its syscall thread. So does this target: {@link #startCall}
 * runs the call on the calling (interpreter) thread, with no handoff, and {@link #startBlockingCall}
 * hands it to the syscall thread. For socket() on the interpreter thread to create its socket in the
 * test's namespace, {@link #start} moves the calling thread into that namespace with setns(2) and
 * {@link #close} moves it back to the one it came from (an fd to its original
 * {@code /proc/thread-self/ns/net} is kept meanwhile). This is safe because a target is driven by one
 * thread for its whole life and that thread runs one script at a time (the CLI's {@code --jobs} pool
 * threads included); {@code start} and {@code close} must be called on that thread. Calls made from any
 * other thread go to the syscall thread, so no socket is ever created in the host's namespace.
 *
 * <p>A call the script does not mark as blocking that blocks anyway hangs packetdrill; here a
 * {@link CallWatchdog} wakes it after {@link RealFdCalls#DIRECT_CALL_LIMIT_NANOS} (by shutting the script's sockets
 * down) and it is reported as blocked. Calls shutdown could not wake (see
 * {@code LinuxSocketCalls.wakeable}) still go to the syscall thread. The call machinery itself is
 * {@link RealFdCalls}, which the remote target's agent shares.
 */
public final class LinuxTarget implements Target {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    /** How long {@link #nextOutbound} polls before it parks. */
    private static final long OUTBOUND_SPIN_NANOS = Long.getLong("jdrill.linux.outboundSpinNanos", 150_000L);
    /** {@code -Djdrill.linux.handoff=true}: every call on the syscall thread (the old model, for comparison). */
    private static final boolean DEBUG = Boolean.getBoolean("jdrill.linux.debug");

    private final CallsInProgress calls = new CallsInProgress();
    private TestNetwork network;
    private RealFdCalls socketCalls;
    private volatile long zeroNanos;
    private boolean closed;
    /** The interpreter thread, reniced for the script's duration (see ThreadPriority), and its old nice. */
    private int callerTid = -1;
    private int callerNice;
    /** The interpreter thread's stay in the test namespace, from start to close. */
    private dev.jdrill.linux.NamespaceEntry callerEntry;
    /** {@code --mss}: injected TCP segments are GSO packets of this segment size (0: plain packets). */
    private int gsoMss;
    /** {@link RealFdCalls#DIRECT_CALL_LIMIT_NANOS}; tests shorten it. */
    long directCallLimitNanos = RealFdCalls.DIRECT_CALL_LIMIT_NANOS;

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean virtualTime() {
        return false;
    }

    @Override
    public void start(TargetConfig config) throws TargetException {
        gsoMss = config.gsoMss();
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            throw new TargetException(u.reason());
        }
        try {
            network = TestNetwork.create(networkConfig(config));
            callerEntry = network.namespace().enterCurrentThread();
            dev.jdrill.linux.NamespaceEntry entry = callerEntry;
            socketCalls = new RealFdCalls(network.namespace().newThread("syscalls"),
                    config.ipVersion() == TargetConfig.IpMode.IPV4_MAPPED_IPV6, this::nowMicros,
                    entry::isCurrentThread);
            warmUp();
        } catch (LinuxException e) {
            close();
            throw new TargetException(e.getMessage(), e);
        }
        callerTid = Syscalls.gettid();
        callerNice = dev.jdrill.linux.ThreadPriority.raiseCurrent();
        zeroNanos = System.nanoTime();
    }

    /** The local address on tun0 (tests). */
    java.net.InetAddress localAddressForTest() {
        return network.config().local();
    }

    /** tun0 as packetdrill sets it up for the script's variant and network options. */
    private static TestNetworkConfig networkConfig(TargetConfig config) {
        return new TestNetworkConfig(config.localAddress(), config.localPrefixLength(), config.remoteAddress(),
                config.remotePrefixLength(), config.gateway(), config.mtu(), config.speedMbps());
    }

    /** Every native handle and code path once before time zero, so no first-use cost lands in a script. */
    private void warmUp() throws LinuxException {
        socketCalls.warmUp();
        network.sockDiag().dumpTcp();
        PacketCodec.decode(PacketCodec.encode(IpPacket.of(network.config().remote(), network.config().local(),
                new dev.jdrill.wire.UdpDatagram(9, 9, dev.jdrill.wire.Payload.EMPTY))));
        PreciseWait.until(System.nanoTime() + 300_000);
        try {
            while (network.tun().nextOutbound(0).isPresent()) {
                // Whatever the kernel sent while the device came up is not the script's business.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long nowMicros() {
        return (System.nanoTime() - zeroNanos) / 1000;
    }

    private long nanosAt(long micros) {
        return zeroNanos + micros * 1000;
    }

    @Override
    public void waitUntil(long timeMicros) {
        PreciseWait.until(nanosAt(timeMicros));
    }

    @Override
    public void inject(IpPacket packet) throws TargetException {
        try {
            network.tun().inject(PacketCodec.encode(packet), packet.tcp().isPresent() ? gsoMss : 0);
        } catch (LinuxException | IllegalArgumentException e) {
            throw new TargetException("injecting a packet failed: " + e.getMessage(), e);
        }
    }

    /**
     * Polls the reader's queue without parking for a short while first: the packet the script waits for
     * is most often already on its way (sent in the context of the injection or call just made), and
     * a park costs a wake-up of tens of microseconds that would land on the next {@code +0} injection.
     */
    private Optional<TunFrame> spinForOutbound(long deadlineNanos) throws InterruptedException {
        long until = Math.min(deadlineNanos, System.nanoTime() + OUTBOUND_SPIN_NANOS);
        while (true) {
            Optional<TunFrame> frame = network.tun().nextOutbound(0);
            if (frame.isPresent() || System.nanoTime() - until >= 0) {
                return frame;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public Optional<SentPacket> nextOutbound(long deadlineMicros) throws TargetException {
        try {
            while (true) {
                Optional<TunFrame> frame = spinForOutbound(nanosAt(deadlineMicros));
                if (frame.isEmpty()) {
                    long wait = nanosAt(deadlineMicros) - System.nanoTime();
                    frame = network.tun().nextOutbound(Math.max(0, wait));
                }
                if (frame.isEmpty()) {
                    Optional<String> failure = network.tun().readerFailure();
                    if (failure.isPresent()) {
                        throw new TargetException(failure.get());
                    }
                    return Optional.empty();
                }
                Optional<IpPacket> packet = OutboundFilter.relevant(frame.get().packet());
                if (packet.isPresent()) {
                    if (DEBUG) {
                        System.err.printf("outbound read at %d, taken at %d%n", (frame.get().readNanos() - zeroNanos) / 1000,
                                nowMicros());
                    }
                    return Optional.of(new SentPacket(packet.get(), (frame.get().readNanos() - zeroNanos) / 1000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for a packet");
        }
    }

    /** A call the script does not mark as blocking: made right here, on the interpreter thread. */
    @Override
    public CallHandle startCall(SocketCall call) throws TargetException {
        return begin(call, false);
    }

    /** A call with an end time: made on the syscall thread, so the script goes on while it blocks. */
    @Override
    public CallHandle startBlockingCall(SocketCall call) throws TargetException {
        return begin(call, true);
    }

    private CallHandle begin(SocketCall call, boolean blocking) throws TargetException {
        if (!call.implementedBy(name())) {
            throw new UnsupportedByTargetException("the linux target does not implement " + call.name() + "()");
        }
        long started = nowMicros();
        socketCalls.directCallLimitNanos(directCallLimitNanos);
        CompletableFuture<CallOutcome> f = socketCalls.start(call, blocking);
        if (DEBUG) {
            System.err.printf("call %s start %d blocking %s done %s%n", call.name(), started, blocking,
                    f.isDone() ? String.valueOf(f.join().completedMicros()) : "-");
            f.thenAccept(o -> System.err.printf("call %s completed %d (seen %d)%n", call.name(), o.completedMicros(), nowMicros()));
        }
        return calls.register(calls.nextId(), call, started, f);
    }

    @Override
    public Optional<CallOutcome> pollCall(CallHandle call) {
        return calls.poll(call);
    }

    @Override
    public Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) throws TargetException {
        return calls.await(call, nanosAt(deadlineMicros) - System.nanoTime());
    }

    @Override
    public TcpState connectionState(ConnectionKey c) throws TargetException {
        try {
            return network.sockDiag().find(c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort())
                    .flatMap(s -> TcpState.fromLinux(s.state())).orElse(TcpState.CLOSED);
        } catch (LinuxException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    @Override
    public TcpState socketState(int liveFd) throws TargetException {
        long state = tcpInfo(liveFd).getOrDefault("tcpi_state", -1L);
        return TcpState.fromLinux((int) state)
                .orElseThrow(() -> new TargetException("fd " + liveFd + " reports unknown TCP state " + state));
    }

    @Override
    public Map<String, Long> tcpInfo(int liveFd) throws TargetException {
        try {
            return TcpInfo.read(liveFd);
        } catch (LinuxException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    @Override
    public void setSysctl(String name, String value) throws TargetException {
        if (!name.startsWith("net.")) {
            // Only net.* lives in the network namespace; anything else would change the host itself.
            throw new UnsupportedByTargetException("the linux target only sets net.* sysctls (per namespace), not "
                    + name);
        }
        try {
            network.setSysctl(name, value);
        } catch (LinuxException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    @Override
    public CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        try {
            CommandResult r = network.shell(command, workingDirectory, environment, COMMAND_TIMEOUT);
            return new CommandOutcome(r.exitStatus(), r.output());
        } catch (LinuxException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    /**
     * Shuts every socket the script still holds down first, which wakes a call blocked on one of them
     * (accept, read, connect, poll), then closes them, stops the syscall thread and removes the network.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (socketCalls != null) {
            socketCalls.close();
        }
        calls.clear();
        if (callerEntry != null) {
            callerEntry.close();
        }
        if (network != null) {
            network.close();
        }
        if (callerTid > 0) {
            dev.jdrill.linux.ThreadPriority.restore(callerTid, callerNice);
        }
    }
}
