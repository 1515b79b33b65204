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

    private static volatile boolean vmThreadRaised;

    /**
     * Raises the JVM's "VM Thread" too, once per JVM: it runs every stop-the-world pause (with the serial
     * collector, the garbage collection itself), during which the raised threads wait for it. Left an
     * ordinary task on a busy host, a young collection of a few megabytes of live data took 180-290 ms
     * and landed inside scripts as late injections and late-stamped packets; packetdrill, a C process
     * under SCHED_RR as a whole, has no such pause.
     */
    public static void raiseVmThread() {
        if (vmThreadRaised || !RealTimeScheduling.worthAsking()) {
            return;
        }
        vmThreadRaised = true;
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.list(tasks)) {
            all.forEach(task -> {
                try {
                    if (java.nio.file.Files.readString(task.resolve("comm")).strip().equals("VM Thread")) {
                        RealTimeScheduling.roundRobin(Integer.parseInt(task.getFileName().toString()));
                    }
                } catch (java.io.IOException | NumberFormatException e) {
                    // A task that ended meanwhile, or an unreadable one: not the VM thread we can raise.
                }
            });
        } catch (java.io.IOException e) {
            // No /proc: nothing to raise.
        }
    }

    /** Gives thread {@code tid} its ordinary policy and nice value back (a no-op if the thread is gone). */
    public static void restore(int tid, Previous previous) {
        if (previous.policy() == RealTimeScheduling.SCHED_OTHER) {
            RealTimeScheduling.ordinary(tid);
        }
        Syscalls.setThreadNice(tid, previous.nice());
    }
}
