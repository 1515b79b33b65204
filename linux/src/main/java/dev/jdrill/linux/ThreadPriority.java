package dev.jdrill.linux;

/**
 * Raises the scheduling weight of the threads whose timing a script measures (the interpreter thread
 * that injects, the syscall thread, the TUN reader) by renicing them, one thread at a time. On a
 * shared, busy host a thread at nice 0 may wait milliseconds for a CPU after it wakes, which shows up
 * as late injections and late syscall returns that the kernel under test is not to blame for. A nice
 * value (not a real-time policy) keeps the rest of the host running even when our threads spin.
 * Best effort: without CAP_SYS_NICE the call fails and the thread keeps its priority.
 */
public final class ThreadPriority {
    /** The nice value timing-critical threads run at. */
    public static final int TIMING_NICE = -15;

    private ThreadPriority() {
    }

    /** Renices the calling thread; returns its previous nice value, to hand to {@link #restore}. */
    public static int raiseCurrent() {
        int tid = Syscalls.gettid();
        int previous = Syscalls.threadNice(tid);
        Syscalls.setThreadNice(tid, TIMING_NICE);
        return previous;
    }

    /** Gives thread {@code tid} its nice value back (a no-op if the thread is gone). */
    public static void restore(int tid, int nice) {
        Syscalls.setThreadNice(tid, nice);
    }
}
