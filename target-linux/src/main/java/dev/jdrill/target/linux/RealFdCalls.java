package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.NamespaceThread;
import dev.jdrill.linux.SyscallResult;
import dev.jdrill.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Script socket calls on real fds, with packetdrill's threading: a call the script does not mark as
 * blocking runs on the calling thread (under a {@link CallWatchdog}), a blocking one on the syscall
 * thread. Shared by the linux target (in its test namespace) and the remote target's agent (in the
 * namespace it was started in), so both make calls the same way. Tracks the fds the script holds and
 * closes them all in {@link #close}.
 */
public final class RealFdCalls implements AutoCloseable {
    /** How long a direct (non-blocking) call may take before the watchdog wakes it: generous. */
    public static final long DIRECT_CALL_LIMIT_NANOS = 10_000_000_000L;
    /** {@code -Djdrill.linux.handoff=true}: every call on the syscall thread (the old model, for comparison). */
    private static final boolean HANDOFF_ALL = Boolean.getBoolean("jdrill.linux.handoff");

    private final Set<Integer> liveFds = ConcurrentHashMap.newKeySet();
    private final SocketCallExecutor executor;
    private final LinuxSocketCalls socketCalls;
    private final CallWatchdog watchdog;
    private final BooleanSupplier callerMayCallDirectly;
    private volatile long directCallLimitNanos = DIRECT_CALL_LIMIT_NANOS;
    private boolean closed;

    /**
     * @param syscallThread the thread blocking calls run on (in the right namespace); owned from now on
     * @param mapIpv4 give IPv4 addresses to sockets as ::ffff:a.b.c.d (ipv4-mapped-ipv6 mode)
     * @param nowMicros the clock completion times are read from
     * @param callerMayCallDirectly whether the calling thread is in the namespace, so a non-blocking
     *     call may run on it; when not, every call goes to the syscall thread
     */
    public RealFdCalls(NamespaceThread syscallThread, boolean mapIpv4, LongSupplier nowMicros,
            BooleanSupplier callerMayCallDirectly) {
        this.executor = new SocketCallExecutor(syscallThread);
        this.socketCalls = new LinuxSocketCalls(mapIpv4, nowMicros, liveFds);
        this.watchdog = new CallWatchdog(liveFds);
        this.callerMayCallDirectly = callerMayCallDirectly;
    }

    /** Whether this code implements the call at all: the catalogue's linux column. */
    public static boolean supports(SocketCall call) {
        return call.implementedBy("linux");
    }

    /** Shortens the watchdog's limit (tests). */
    public void directCallLimitNanos(long nanos) {
        directCallLimitNanos = nanos;
    }

    /**
     * Starts the call; returns once it has returned or is asleep in the kernel. A non-blocking call the
     * watchdog had to wake never completes (it is reported as blocked).
     */
    public CompletableFuture<CallOutcome> start(SocketCall call, boolean blocking) {
        if (!blocking && !HANDOFF_ALL && callerMayCallDirectly.getAsBoolean() && socketCalls.wakeable(call)) {
            return runDirect(call);
        }
        return executor.start(() -> socketCalls.run(call));
    }

    private CompletableFuture<CallOutcome> runDirect(SocketCall call) {
        long limit = directCallLimitNanos;
        if (call instanceof SocketCall.Poll || call instanceof SocketCall.EpollWait) {
            long timeoutMillis = call.intArg(call instanceof SocketCall.Poll ? 2 : 3).orElse(0L);
            limit += Math.max(0, timeoutMillis) * 1_000_000L;
        }
        watchdog.arm(limit);
        CallOutcome outcome;
        try {
            outcome = socketCalls.run(call);
        } finally {
            boolean woken = watchdog.disarm();
            if (woken) {
                outcome = null;
            }
        }
        return outcome == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(outcome);
    }

    /** Every code path once on both threads before a script's time zero. */
    public void warmUp() throws LinuxException {
        Syscalls.warmUp();
        executor.call(() -> {
            Syscalls.warmUp();
            return null;
        });
        SocketCall probe = new SocketCall.Fcntl(List.of(new SocketValue.Int(-1), new SocketValue.Int(1)));
        for (int i = 0; i < 3; i++) {
            SocketCallExecutor.await(executor.start(() -> socketCalls.run(probe)), 1_000_000_000L);
            runDirect(probe);
        }
    }

    /** The fds the script holds now. */
    public Set<Integer> liveFds() {
        return Set.copyOf(liveFds);
    }

    /**
     * Shuts every socket the script still holds down first, which wakes a call blocked on one of them
     * (accept, read, connect, poll), then stops the syscall thread and closes them.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Integer> fds = new ArrayList<>(liveFds);
        for (int fd : fds) {
            SyscallResult ignored = Syscalls.shutdown(fd, 2);
        }
        executor.stop();
        watchdog.close();
        for (int fd : fds) {
            Syscalls.close(fd);
        }
        liveFds.clear();
    }
}
