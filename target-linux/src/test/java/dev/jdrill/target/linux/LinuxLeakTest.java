package dev.jdrill.target.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.linux.LinuxCapability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 200 scripts in a row on the kernel — passing, failing at a packet, failing at a syscall, and one
 * interrupted mid-wait — leave nothing behind: no network namespace, no link in the root namespace
 * (read-only look), no open fd, no live thread beyond those there before.
 */
class LinuxLeakTest {
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
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0 < S 0:0(0) win 32792 <mss 1000>
            +0 > S. 0:0(0) ack 1 <mss 1000>
            """;
    /** Fails at a syscall, with an accepted connection still open. */
    private static final String FAILING_CALL = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
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
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            +0...10 accept(3, ..., ...) = 4
            """;

    @Test
    void twoHundredScriptsLeaveNothingBehind() throws Exception {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
                fail("JDRILL_REQUIRE_LINUX=1 but " + u.reason());
            }
            Assumptions.abort(u.reason());
        }
        Script passing = load("passing.pkt", PASSING);
        Script failingPacket = load("failing-packet.pkt", FAILING_PACKET);
        Script failingCall = load("failing-call.pkt", FAILING_CALL);
        Script longOne = load("long.pkt", LONG);
        // Once each first, so lazily created JVM threads and fds (jar files, the JIT's) exist before the baseline.
        run(passing);
        run(failingPacket);
        run(failingCall);
        settle();
        String netnsBefore = command("ip", "netns", "list");
        String linksBefore = linkNames();
        int fdsBefore = openFds();
        Set<String> threadsBefore = threadNames();

        long start = System.nanoTime();
        int passed = 0;
        int failed = 0;
        for (int i = 0; i < 199; i++) {
            Script s = switch (i % 3) {
                case 0 -> passing;
                case 1 -> failingPacket;
                default -> failingCall;
            };
            boolean pass = run(s).verdict() instanceof Verdict.Pass;
            if (s == passing && pass) {
                passed++;
            } else if (s != passing && !pass) {
                failed++;
            }
        }
        // The failing scripts fail by construction; a passing one may rarely miss its timing on a
        // loaded host, which is no leak — the mix only has to have run as designed.
        assertThat(failed).isEqualTo(132);
        assertThat(passed).isGreaterThanOrEqualTo(60);

        AtomicReference<RunResult> interrupted = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().name("leak-test-interrupted").start(() -> interrupted.set(run(longOne)));
        Thread.sleep(500);
        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(15));
        assertThat(runner.isAlive()).as("the interrupted script stops").isFalse();
        assertThat(interrupted.get()).isNotNull();
        long wallMillis = (System.nanoTime() - start) / 1_000_000;

        settle();
        // Give asynchronous ends (a process reaper, a thread joining) up to five seconds to finish.
        for (int i = 0; i < 50 && (openFds() != fdsBefore || !threadNames().equals(threadsBefore)); i++) {
            Thread.sleep(100);
        }
        assertThat(command("ip", "netns", "list")).isEqualTo(netnsBefore);
        assertThat(linkNames()).isEqualTo(linksBefore);
        assertThat(openFds()).as("open fds: %s", fdTargets()).isEqualTo(fdsBefore);
        assertThat(threadNames()).isEqualTo(threadsBefore);
        System.out.printf("leak test: 200 scripts (%d passed, %d failed, 1 interrupted: %s) in %d ms; "
                + "fds %d, threads %d, netns list and root links unchanged%n", passed, failed,
                interrupted.get().verdict().getClass().getSimpleName(), wallMillis, fdsBefore, threadsBefore.size());
    }

    private static Script load(String name, String text) {
        return ScriptLoader.fromText(name, text, Map.of()).script().orElseThrow(
                () -> new AssertionError(name + " does not parse"));
    }

    private static RunResult run(Script s) {
        return ScriptRunner.run(s, new LinuxTarget(), RunOptions.defaults());
    }

    /** Threads that end asynchronously (a reader joining, a process reaper) get a moment to go. */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
    }

    /**
     * Open fds, less the class path's jar files, which the JVM opens lazily the first time it loads a
     * class from one (AssertJ's and JUnit's own, when a message is built) and never closes.
     */
    private static int openFds() throws IOException {
        int n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.endsWith(".jar") && !target.endsWith("/lib/modules")) {
                        n++;
                    }
                } catch (IOException e) {
                    // the directory stream's own fd, closed meanwhile
                }
            }
        }
        return n;
    }

    private static String fdTargets() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    sb.append(fd.getFileName()).append("->").append(Files.readSymbolicLink(fd)).append(' ');
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return sb.toString();
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Interface names of the root namespace, read-only ({@code ip -o link show}). */
    private static String linkNames() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : command("ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length > 1) {
                sb.append(parts[1].trim()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String command(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        // Close every pipe now: left to the garbage collector, they would count as open fds in the
        // comparison (or not, depending on when it ran).
        try (var stdin = p.getOutputStream(); var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
            String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        }
    }
}
