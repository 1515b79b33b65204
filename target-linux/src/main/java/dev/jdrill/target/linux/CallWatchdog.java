package dev.jdrill.target.linux;

import dev.jdrill.linux.SyscallResult;
import dev.jdrill.linux.Syscalls;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a call the script does not mark as blocking, made directly on the interpreter thread, from
 * hanging the run forever. packetdrill makes such calls on its main thread and simply waits (a script
 * whose {@code +0 accept(...)} has no connection to take hangs packetdrill until it is killed); jdrill
 * waits as long, but only up to a generous limit, then shuts every socket of the script down, which
 * wakes any call sleeping on one (accept, connect, read, write, poll, epoll_wait on sockets: shutdown(2)
 * wakes the socket's wait queue), and the call is reported as a failure.
 *
 * <p>Why shutdown rather than a signal: the JVM owns the process's signal handlers (an unhandled
 * real-time signal would kill it), while shutdown(2) on a socket is harmless for a run that fails
 * anyway. Calls shutdown could not wake (a read on a non-socket, an epoll_wait without timeout) are
 * not made directly: {@link LinuxTarget} hands them to the syscall thread as before.
 *
 * <p>Arming costs the interpreter two volatile writes; the checker thread looks every 50 ms.
 */
final class CallWatchdog implements AutoCloseable {
    private static final long CHECK_NANOS = 50_000_000;

    private final Set<Integer> sockets;
    private final Thread checker;
    private volatile long deadlineNanos;
    private volatile boolean armed;
    private volatile boolean fired;
    private volatile boolean stopped;

    CallWatchdog(Set<Integer> sockets) {
        this.sockets = sockets;
        this.checker = Thread.ofPlatform().name("jdrill-call-watchdog").daemon(true).start(this::check);
    }

    /** Before a direct call: wake it after {@code limitNanos}. */
    void arm(long limitNanos) {
        fired = false;
        deadlineNanos = System.nanoTime() + limitNanos;
        armed = true;
    }

    /** After the call; true if the watchdog had to wake it. */
    boolean disarm() {
        armed = false;
        return fired;
    }

    private void check() {
        while (!stopped) {
            LockSupport.parkNanos(CHECK_NANOS);
            if (armed && System.nanoTime() - deadlineNanos > 0) {
                fired = true;
                for (int fd : List.copyOf(sockets)) {
                    SyscallResult ignored = Syscalls.shutdown(fd, 2);
                }
                // Keep waking until the call is disarmed: a call may go back to sleep once.
                deadlineNanos = System.nanoTime() + CHECK_NANOS * 10;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        armed = false;
        LockSupport.unpark(checker);
    }
}
