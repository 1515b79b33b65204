package dev.jdrill.target.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 100 remote runs — passing, failing at a packet, failing at a call with a connection open, and one
 * interrupted in a blocking accept — leave nothing behind: no fd in this JVM (packet sockets, control
 * connections), no fd or thread in the agent (each session closes the script's fds), and after the
 * network is closed no namespace of ours, no agent process.
 */
class RemoteLeakTest {
    private static final String PASSING = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0 > S. 0:0(0) ack 1 <...>
            +0 < . 1:1(0) ack 1 win 257
            +0 accept(3, ..., ...) = 4
            +0 write(4, ..., 1000) = 1000
            +0 > P. 1:1001(1000) ack 1
            +0 < . 1:1(0) ack 1001 win 257
            +0 close(4) = 0
            +0 > F. 1001:1001(0) ack 1
            """;
    /** Fails at the SYN-ACK: the kernel announces MSS 1460, not 1000. */
    private static final String FAILING_PACKET = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 32792 <mss 1000>
            +0 > S. 0:0(0) ack 1 <mss 1000>
            """;
    /** Fails at a call, with an accepted connection still open. */
    private static final String FAILING_CALL = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 32792 <mss 1000>
            +0 > S. 0:0(0) ack 1 <...>
            +0 < . 1:1(0) ack 1 win 257
            +0 accept(3, ..., ...) = 4
            +0 write(4, ..., 10) = 11
            """;
    /** Waits ten seconds in a blocking accept, unless interrupted. */
    private static final String LONG = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0...10 accept(3, ..., ...) = 4
            """;
    private static final int AGENT_PORT = 7201;

    @Test
    void aHundredRemoteRunsLeaveNothingBehind() throws Exception {
        String namespacesBefore = TwoHostNetwork.sh("ip netns list");
        List<ProcessHandle> processes;
        String hostNs;
        String wireNs;
        try (TwoHostNetwork net = TwoHostNetwork.create()) {
            hostNs = net.hostNs;
            wireNs = net.wireNs;
            Process agent = net.startAgent(AGENT_PORT, false);
            long agentPid = agent.descendants().findFirst().map(ProcessHandle::pid).orElse(agent.pid());
            Script passing = RemoteRuns.load("passing.pkt", PASSING);
            Script failingPacket = RemoteRuns.load("failing-packet.pkt", FAILING_PACKET);
            Script failingCall = RemoteRuns.load("failing-call.pkt", FAILING_CALL);
            Script longOne = RemoteRuns.load("long.pkt", LONG);
            // Once each first, so lazily made threads and fds (jar files, the JIT's) exist before the baseline.
            run(net, passing);
            run(net, failingPacket);
            run(net, failingCall);
            settle();
            int fdsBefore = fds(Path.of("/proc/self/fd"));
            int agentFdsBefore = fds(Path.of("/proc/" + agentPid + "/fd"));
            int agentThreadsBefore = count(Path.of("/proc/" + agentPid + "/task"));

            long start = System.nanoTime();
            int passed = 0;
            int failed = 0;
            for (int i = 0; i < 99; i++) {
                Script s = switch (i % 3) {
                    case 0 -> passing;
                    case 1 -> failingPacket;
                    default -> failingCall;
                };
                boolean pass = run(net, s).verdict() instanceof Verdict.Pass;
                if (s == passing && pass) {
                    passed++;
                } else if (s != passing && !pass) {
                    failed++;
                }
            }
            // The failing scripts fail by construction; a passing one may miss its timing on a loaded host
            // (at a load of 28 on 2 cores, 9 of 33 did), which is no leak: the mix only has to have run.
            assertThat(failed).isEqualTo(66);
            assertThat(passed).isGreaterThanOrEqualTo(10);

            AtomicReference<RunResult> interrupted = new AtomicReference<>();
            AtomicReference<Thread> runner = new AtomicReference<>();
            Thread starter = Thread.ofPlatform().start(() -> {
                try {
                    net.onWireSide(() -> {
                        runner.set(Thread.currentThread());
                        interrupted.set(ScriptRunner.run(longOne, new RemoteTarget(net.settings(AGENT_PORT)),
                                RunOptions.defaults()));
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            runner.get().interrupt();
            starter.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(starter.isAlive()).as("the interrupted script stops").isFalse();
            assertThat(interrupted.get()).isNotNull();
            long wallMillis = (System.nanoTime() - start) / 1_000_000;

            settle();
            for (int i = 0; i < 50 && (fds(Path.of("/proc/self/fd")) != fdsBefore
                    || fds(Path.of("/proc/" + agentPid + "/fd")) != agentFdsBefore
                    || count(Path.of("/proc/" + agentPid + "/task")) != agentThreadsBefore); i++) {
                Thread.sleep(100);
            }
            assertThat(fds(Path.of("/proc/self/fd"))).as("fds of this JVM").isEqualTo(fdsBefore);
            assertThat(fds(Path.of("/proc/" + agentPid + "/fd"))).as("fds of the agent").isEqualTo(agentFdsBefore);
            assertThat(count(Path.of("/proc/" + agentPid + "/task"))).as("threads of the agent").isEqualTo(agentThreadsBefore);
            System.out.printf("remote leak test: 100 runs (%d passed, %d failed, 1 interrupted: %s) in %d ms; "
                    + "fds here %d, agent fds %d, agent threads %d unchanged%n", passed, failed,
                    RemoteRuns.describe(interrupted.get()), wallMillis, fdsBefore, agentFdsBefore, agentThreadsBefore);
            processes = net.processTree();
        }
        for (ProcessHandle p : processes) {
            p.onExit().get(10, TimeUnit.SECONDS);
            assertThat(p.isAlive()).as("process %d", p.pid()).isFalse();
        }
        String namespacesAfter = TwoHostNetwork.sh("ip netns list");
        assertThat(namespacesAfter).doesNotContain(hostNs).doesNotContain(wireNs);
        assertThat(namespacesAfter.lines().filter(l -> l.startsWith("jdr-")).toList())
                .isEqualTo(namespacesBefore.lines().filter(l -> l.startsWith("jdr-")).toList());
    }

    private static RunResult run(TwoHostNetwork net, Script s) throws Exception {
        return RemoteRuns.run(net, s, net.settings(AGENT_PORT));
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
    }

    /** Open fds, less jar files (the JVM opens those lazily and keeps them). */
    private static int fds(Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> fds = Files.list(dir)) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.endsWith(".jar") && !target.endsWith("/lib/modules")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    private static int count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.count();
        }
    }
}
