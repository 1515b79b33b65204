package dev.jdrill.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * sched_setscheduler(2) for one thread, as packetdrill's set_scheduling_priority (run.c) uses it: the
 * SCHED_RR policy at its lowest priority, on hosts with more than one CPU. A thread under SCHED_RR runs as
 * soon as it wakes, ahead of every ordinary (SCHED_OTHER) task, however busy the host; a nice value only
 * weighs its share. The threads whose wake-ups a script times (the one that injects and checks, the
 * syscall thread, the TUN reader) need that to measure the kernel rather than the host's load.
 *
 * <p>SCHED_RESET_ON_FORK is set with it, so the shell commands these threads start run as ordinary
 * tasks. The kernel's real-time throttling (sched_rt_runtime_us) keeps the host responsive even if one of
 * our threads spun.
 */
final class RealTimeScheduling {
    static final int SCHED_OTHER = 0;
    static final int SCHED_RR = 2;
    private static final int SCHED_RESET_ON_FORK = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SETSCHEDULER = link("sched_setscheduler",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle GETSCHEDULER = link("sched_getscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PRIORITY_MIN = link("sched_get_priority_min",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private RealTimeScheduling() {
    }

    private static MethodHandle link(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name + "()"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Whether packetdrill would ask for a real-time policy here: it does not on a single CPU. */
    static boolean worthAsking() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Puts thread {@code tid} under SCHED_RR at its lowest priority; false if the kernel refused. */
    static boolean roundRobin(int tid) {
        try {
            int priority = (int) PRIORITY_MIN.invokeExact(SCHED_RR);
            return set(tid, SCHED_RR | SCHED_RESET_ON_FORK, Math.max(priority, 1));
        } catch (Throwable t) {
            throw new IllegalStateException("sched_get_priority_min failed to run", t);
        }
    }

    /** Gives thread {@code tid} the ordinary policy back. */
    static boolean ordinary(int tid) {
        return set(tid, SCHED_OTHER, 0);
    }

    /** The thread's policy without the reset-on-fork flag, or -1 if it cannot be read. */
    static int policy(int tid) {
        try {
            int p = (int) GETSCHEDULER.invokeExact(tid);
            return p < 0 ? p : p & ~SCHED_RESET_ON_FORK;
        } catch (Throwable t) {
            throw new IllegalStateException("sched_getscheduler failed to run", t);
        }
    }

    private static boolean set(int tid, int policy, int priority) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment param = a.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            return (int) SETSCHEDULER.invokeExact(tid, policy, param) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("sched_setscheduler failed to run", t);
        }
    }
}
