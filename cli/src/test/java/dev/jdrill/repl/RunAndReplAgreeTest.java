package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code run} and a piped REPL drive the same executor: fed the same script, they reach the same verdict
 * and, when it fails, print the same diagnostic (the REPL names its source {@code repl} instead of the
 * file). Every script of the library, and scripts that fail in each way a script can.
 */
class RunAndReplAgreeTest {
    private static final Path LIBRARY = Path.of("../scripts"); // Surefire runs tests in the module's directory

    /** A passive open with the peer's MSS at 1000, then the line(s) that make each script what it is. */
    private static final String OPEN = """
            0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0  bind(3, ..., ...) = 0
            +0  listen(3, 1) = 0
            +0  < S 0:0(0) win 65535 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0  > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 10>
            +.1 < . 1:1(0) ack 1 win 257
            +0  accept(3, ..., ...) = 4
            """;
    /** Scripts that fail, each in its own way. */
    private static final Map<String, String> FAILING = Map.of(
            "wrong-flags", "+0  write(4, ..., 100) = 100\n+0  > F. 1:101(100) ack 1\n",
            "wrong-timing", "+0  write(4, ..., 100) = 100\n+.2 > P. 1:101(100) ack 1\n",
            "missing-segment", "+0  > . 1:1(0) ack 1\n",
            "wrong-syscall-result", "+0  write(4, ..., 100) = 50\n",
            "blocking-call-returns-early", "+0...0.5 read(4, ..., 100) = 10\n+.2 < P. 1:11(10) ack 1 win 257\n",
            "wrong-state", "+0  state CLOSE_WAIT\n",
            "wrong-tcp-info", "+0  %{ assert tcpi_rto == 1 }%\n");
    /** Scripts that pass where the REPL once judged otherwise. */
    private static final Map<String, String> PASSING = Map.of(
            // Two MSS-sized packets joined into the 2000 bytes the line expects, as packetdrill joins a GSO burst.
            "burst-joined", "+0  write(4, ..., 2000) = 2000\n+0  > P. 1:2001(2000) ack 1\n+.1 < . 1:1(0) ack 2001 win 257\n",
            // Sent before the blocking call starts, the data segment is still the one the > line after it matches.
            "segment-sent-before-a-call", "+0  write(4, ..., 100) = 100\n+0...0.2 read(4, ..., 100) = 5\n"
                    + "+0  > P. 1:101(100) ack 1\n+.2 < P. 1:6(5) ack 101 win 257\n");

    @TempDir
    static Path madeUp;

    static Stream<Path> library() throws IOException {
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            return files.filter(f -> f.toString().endsWith(".pkt")).sorted().toList().stream();
        }
    }

    static Stream<Path> failing() throws IOException {
        return written(FAILING);
    }

    static Stream<Path> passing() throws IOException {
        return written(PASSING);
    }

    private static Stream<Path> written(Map<String, String> endings) throws IOException {
        for (Map.Entry<String, String> e : endings.entrySet()) {
            Files.writeString(madeUp.resolve(e.getKey() + ".pkt"), OPEN + e.getValue());
        }
        return endings.keySet().stream().sorted().map(name -> madeUp.resolve(name + ".pkt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"library", "passing"})
    void aPassingScriptPassesBothWays(Path script) throws IOException {
        assertThat(sameVerdictAndText(script)).as("run %s", script).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void aFailingScriptFailsTheSameWayInBoth(Path script) throws IOException {
        assertThat(sameVerdictAndText(script)).as("run %s", script).isFalse();
    }

    /** Runs the script both ways, checks that they agree, and says whether it passed. */
    private static boolean sameVerdictAndText(Path script) throws IOException {
        RunOutput run = run(script);
        PipedSession repl = PipedSession.run(script.toAbsolutePath().getParent(), Files.readString(script));
        assertThat(repl.status() == 0).as("the REPL's verdict on %s", script).isEqualTo(run.passed());
        // The REPL goes on after a failure; its first diagnostic is the one run stops at.
        assertThat(repl.err()).as("the REPL's diagnostics for %s", script)
                .startsWith(run.diagnostic().replace(script + ":", Repl.SOURCE + ":"));
        return run.passed();
    }

    private record RunOutput(boolean passed, String diagnostic) {
    }

    /** {@code jdrill run SCRIPT}: whether it passed, and the diagnostic between its FAIL line and the totals. */
    private static RunOutput run(Path script) {
        StringWriter out = new StringWriter();
        int status = Main.execute(new String[] {"run", script.toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith(status == 0 ? "PASS " : "FAIL ");
        return new RunOutput(status == 0, String.join("\n", lines.subList(1, lines.size() - 1)));
    }
}
