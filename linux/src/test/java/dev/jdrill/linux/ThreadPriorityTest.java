package dev.jdrill.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The timing threads run as packetdrill's do: SCHED_RR at the lowest priority, given back afterwards. */
class ThreadPriorityTest {

    @Test
    void aRaisedThreadIsRoundRobinAndGetsItsOrdinaryPolicyBack() throws Exception {
        RequiresLinux.assume();
        Assumptions.assumeTrue(RealTimeScheduling.worthAsking(), "one CPU: packetdrill does not ask for SCHED_RR either");
        // A thread of its own, so the test runner's thread is never left real-time.
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            int tid = Syscalls.gettid();
            int before = RealTimeScheduling.policy(tid);
            ThreadPriority.Previous previous = ThreadPriority.raiseCurrent();
            int during = RealTimeScheduling.policy(tid);
            ThreadPriority.restore(tid, previous);
            seen.complete(new int[] {before, during, RealTimeScheduling.policy(tid), previous.nice(), Syscalls.threadNice(tid)});
        });
        t.join(5000);
        int[] s = seen.get();
        assertThat(s[0]).isEqualTo(RealTimeScheduling.SCHED_OTHER);
        assertThat(s[1]).as("policy while raised").isEqualTo(RealTimeScheduling.SCHED_RR);
        assertThat(s[2]).as("policy after restore").isEqualTo(RealTimeScheduling.SCHED_OTHER);
        assertThat(s[4]).as("nice after restore").isEqualTo(s[3]);
    }

    @Test
    void aShellCommandStartedByARaisedThreadRunsAsAnOrdinaryTask() throws Exception {
        RequiresLinux.assume();
        Assumptions.assumeTrue(RealTimeScheduling.worthAsking(), "one CPU: packetdrill does not ask for SCHED_RR either");
        CompletableFuture<String> policy = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            ThreadPriority.Previous previous = ThreadPriority.raiseCurrent();
            try {
                Process p = new ProcessBuilder("sh", "-c", "cut -d' ' -f41 /proc/self/stat").start();
                policy.complete(new String(p.getInputStream().readAllBytes()).trim());
                p.waitFor();
            } catch (Exception e) {
                policy.completeExceptionally(e);
            } finally {
                ThreadPriority.restore(Syscalls.gettid(), previous);
            }
        });
        t.join(10000);
        // Field 41 of /proc/PID/stat is the policy: 0 is SCHED_OTHER (SCHED_RESET_ON_FORK at work).
        assertThat(policy.get()).isEqualTo("0");
    }
}
