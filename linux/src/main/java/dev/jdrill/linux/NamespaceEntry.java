package dev.jdrill.linux;

/**
 * The calling thread's stay in a network namespace it joined with setns(2): {@link #close()} takes it back
 * to the namespace it came from. Network namespaces belong to threads, so only that thread can be moved
 * back; closing from another thread (a shutdown hook) only releases the fd, and the thread, should it
 * live on, stays in the old namespace until it joins another (the kernel frees the namespace once no
 * thread and no fd refers to it).
 */
public final class NamespaceEntry implements AutoCloseable {
    private final Thread thread;
    private final int originFd;
    private boolean closed;

    private NamespaceEntry(Thread thread, int originFd) {
        this.thread = thread;
        this.originFd = originFd;
    }

    /** Moves the calling thread into the namespace {@code namespaceFd} refers to. */
    static NamespaceEntry enter(int namespaceFd) throws LinuxException {
        int origin = (int) Syscalls.open("/proc/thread-self/ns/net", KernelConstants.O_RDONLY | KernelConstants.O_CLOEXEC)
                .orThrow("open /proc/thread-self/ns/net");
        SyscallResult r = Syscalls.setns(namespaceFd, KernelConstants.CLONE_NEWNET);
        if (r.failed()) {
            Syscalls.close(origin);
            throw new LinuxException("setns(CLONE_NEWNET) failed: " + Errnos.describe(r.errno()));
        }
        return new NamespaceEntry(Thread.currentThread(), origin);
    }

    /** Whether the calling thread is the one that entered (and has not left yet). */
    public boolean isCurrentThread() {
        return !closed && Thread.currentThread() == thread;
    }

    /**
     * Takes the thread back to its original namespace (when called on it) and closes the fd; idempotent.
     * Returns false if the thread could not be moved back.
     */
    public synchronized boolean leave() {
        if (closed) {
            return true;
        }
        closed = true;
        boolean back = Thread.currentThread() == thread
                && !Syscalls.setns(originFd, KernelConstants.CLONE_NEWNET).failed();
        Syscalls.close(originFd);
        return back;
    }

    @Override
    public void close() {
        leave();
    }
}
