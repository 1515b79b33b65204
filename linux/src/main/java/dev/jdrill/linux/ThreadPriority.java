package dev.jdrill.linux;

/**
 * Raises the scheduling priority of the threads whose timing a script measures (the interpreter thread
 * that injects, the syscall thread, the TUN reader), one thread at a time, as packetdrill raises its own
 * process (run.c set_scheduling_priority): SCHED_RR at the lowest real-time priority when the host has
 * more than one CPU (see {@link RealTimeScheduling}). On a shared, busy host a thread under the ordinary
 * policy may wait milliseconds for a CPU after it wakes, which shows up as late injections, late syscall
 * returns and late-stamped outbound packets that the kernel under test is not to blame for, and which
 * real packetdrill, running real-time, does not see. Where the real-time policy is refused (no
 * CAP_SYS_NICE, an RT-less cgroup) or not worth it (one CPU), the thread is reniced to
 * {@link #TIMING_NICE} instead. Best effort: a thread both refuse keeps its priority.
 */
public final class ThreadPriority {
    /** The nice value timing-critical threads run at when the real-time policy is not to be had. */
    public static final int TIMING_NICE = -15;

    /** What a thread had before {@link #raiseCurrent}: its policy and nice value. */
    public record Previous(int policy, int nice) {
    }

    private ThreadPriority() {
    }

    /** Raises the calling thread; returns what it had, to hand to {@link #restore}. */
    public static Previous raiseCurrent() {
        int tid = Syscalls.gettid();
        Previous previous = new Previous(RealTimeScheduling.policy(tid), Syscalls.threadNice(tid));
        if (!(RealTimeScheduling.worthAsking() && RealTimeScheduling.roundRobin(tid))) {
            Syscalls.setThreadNice(tid, TIMING_NICE);
        }
        return previous;
    }

    /** Gives thread {@code tid} its ordinary policy and nice value back (a no-op if the thread is gone). */
    public static void restore(int tid, Previous previous) {
        if (previous.policy() == RealTimeScheduling.SCHED_OTHER) {
            RealTimeScheduling.ordinary(tid);
        }
        Syscalls.setThreadNice(tid, previous.nice());
    }
}
