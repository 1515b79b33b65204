package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The thread that reads a device or socket fd for as long as it is open: it waits in poll(2) on the fd
 * and on an eventfd that {@link #close} writes, so closing wakes it at once rather than at the next
 * packet, and timestamps each read before anything else. The TUN device and the packet socket each read
 * with it; what a read is (read(2), recvfrom(2)) and what becomes of the bytes stays theirs.
 */
final class FdReaderThread implements AutoCloseable {
    /** One non-blocking read into {@code buffer} (at most its size); EAGAIN and EINTR are retried. */
    @FunctionalInterface
    interface ReadOnce {
        SyscallResult read(MemorySegment buffer);
    }

    /** What was read: the first {@code length} bytes of {@code buffer}, read at {@code nanoTime}. */
    @FunctionalInterface
    interface Delivery {
        void accept(MemorySegment buffer, int length, long nanoTime);
    }

    private final int fd;
    private final int wakeFd;
    private final String what;
    private Thread thread;
    private volatile String failure;
    private boolean closed;

    private FdReaderThread(int fd, int wakeFd, String what) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.what = what;
    }

    /** A reader for {@code fd}, not started; {@code what} names it in failures ("tun0", "the packet socket"). */
    static FdReaderThread create(int fd, String what) throws LinuxException {
        int wake = (int) Syscalls.eventfd(0, KernelConstants.EFD_CLOEXEC | KernelConstants.EFD_NONBLOCK)
                .orThrow("eventfd");
        return new FdReaderThread(fd, wake, what);
    }

    /** Starts reading (once; a closed reader does not start). */
    synchronized void start(String threadName, int bufferSize, ReadOnce read, Delivery delivery) {
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().name(threadName).daemon(true).start(() -> loop(bufferSize, read, delivery));
        }
    }

    private void loop(int bufferSize, ReadOnce read, Delivery delivery) {
        ThreadPriority.raiseCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buffer = a.allocate(bufferSize, 8);
            MemorySegment pollfds = a.allocate(16, 8);
            pollfds.set(ValueLayout.JAVA_INT, 0, fd);
            pollfds.set(ValueLayout.JAVA_SHORT, 4, KernelConstants.POLLIN);
            pollfds.set(ValueLayout.JAVA_INT, 8, wakeFd);
            pollfds.set(ValueLayout.JAVA_SHORT, 12, KernelConstants.POLLIN);
            while (true) {
                pollfds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                pollfds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                SyscallResult p = Syscalls.poll(pollfds, 2, -1);
                if (p.failed()) {
                    if (p.errno() == KernelConstants.EINTR) {
                        continue;
                    }
                    failure = "poll on " + what + " failed: " + Errnos.describe(p.errno());
                    return;
                }
                if (pollfds.get(ValueLayout.JAVA_SHORT, 14) != 0) {
                    return; // woken by close()
                }
                if (pollfds.get(ValueLayout.JAVA_SHORT, 6) == 0) {
                    continue;
                }
                SyscallResult r = read.read(buffer);
                long now = System.nanoTime();
                if (r.failed()) {
                    if (r.errno() == KernelConstants.EINTR || r.errno() == KernelConstants.EAGAIN) {
                        continue;
                    }
                    failure = "reading " + what + " failed: " + Errnos.describe(r.errno());
                    return;
                }
                delivery.accept(buffer, (int) r.value(), now);
            }
        }
    }

    /** Why the reader stopped, if it stopped on an error. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Wakes the thread, waits for it (2 s at most) and closes the eventfd; the fd itself is the owner's. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t != null) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
                one.set(ValueLayout.JAVA_LONG, 0, 1L);
                Syscalls.write(wakeFd, one, 8);
            }
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Syscalls.close(wakeFd);
    }
}
