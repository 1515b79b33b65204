package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's mistakes end in a message that says what is wrong and what to try, never in a green run. */
class NothingPassesOnNothingTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result jdrill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static final String SKIPPED = """
            0 `tcpdump -c 1`
            +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            """;

    @Test
    void aDirectoryWithoutScriptsIsAnErrorForRunAndCheck() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("emptydir"));
        for (String command : new String[] {"run", "check"}) {
            Result r = jdrill(command, empty.toString());
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).contains("jdrill " + command + ": no scripts found: " + empty)
                    .contains("holds no *.pkt file");
            assertThat(r.out()).as(command).doesNotContain("0 passed").doesNotContain("0 parsed");
        }
    }

    @Test
    void anEmptyShardIsAnError() throws Exception {
        Files.writeString(dir.resolve("a.pkt"), SKIPPED);
        Result r = jdrill("run", "--shard", "2/2", dir.resolve("a.pkt").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("shard 2/2 of 1 scripts is empty");
    }

    @Test
    void aSkipPassesUnlessFailOnSkipAndItsCountIsColouredInTheSummary() throws Exception {
        Path script = Files.writeString(dir.resolve("skips.pkt"), SKIPPED);

        Result lenient = jdrill("run", "--color=never", script.toString());
        assertThat(lenient.exit()).isZero();
        assertThat(lenient.out().strip()).endsWith("0 passed, 0 failed, 1 skipped");

        Result strict = jdrill("run", "--fail-on-skip", "--color=never", script.toString());
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out().strip()).endsWith("0 passed, 0 failed, 1 skipped");
        assertThat(strict.err()).contains("1 skipped script fails the run (--fail-on-skip)");

        Result coloured = jdrill("run", "--color=always", script.toString());
        assertThat(coloured.out()).contains("\u001b[33mSKIP\u001b[0m ")
                .contains("0 passed, 0 failed, \u001b[33m1 skipped\u001b[0m");
        assertThat(jdrill("run", "--color=always", "--fail-on-skip", script.toString()).out())
                .contains("\u001b[31m1 skipped\u001b[0m");
    }

    @Test
    void aMisspeltSysctlFailsWithTheNameItMeant() throws Exception {
        Path script = Files.writeString(dir.resolve("typo.pkt"), """
                `sysctl -q net.ipv4.tcp_syn_retires=3`
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                """);
        Result r = jdrill("run", script.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("typo.pkt:1:")
                .contains("unknown sysctl net.ipv4.tcp_syn_retires: no Linux has it (did you mean net.ipv4.tcp_syn_retries?)")
                .doesNotContain("SKIP");
        // A real tunable the engine does not model is still a SKIP that names it.
        Files.writeString(script, SKIPPED.replace("tcpdump -c 1", "sysctl -q net.ipv4.ip_forward=1"));
        assertThat(jdrill("run", script.toString()).out()).contains("SKIP");
    }

    @Test
    void aMisspeltSymbolSaysWhichOneWasMeant() throws Exception {
        Path script = Files.writeString(dir.resolve("symbol.pkt"), """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOK) = 0
                """);
        assertThat(jdrill("run", script.toString()).out())
                .contains("unknown symbol 'O_NONBLOK' (did you mean O_NONBLOCK?)");
    }

    @Test
    void twoUntimedCommandsBeforeTheFirstEventAreNamedWhereTheSecondIs() throws Exception {
        Path script = Files.writeString(dir.resolve("two.pkt"), """
                `sysctl -q net.ipv4.tcp_syn_retries=3`
                `sysctl -q net.ipv4.tcp_fin_timeout=5`
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                """);
        Result r = jdrill("check", script.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("two.pkt:2:1: error: a second command without a time before the first event")
                .contains("put a time before this one (e.g. 0)")
                .doesNotContain("expected end of file");
    }

    @Test
    void picocliUsageErrorsReadLikeJdrills() throws Exception {
        Result typo = jdrill("runn", "scripts/");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err().strip()).startsWith("jdrill: unknown command 'runn' (did you mean run?); the commands are"
                + " run, check, repl, from-pcap").endsWith("; try 'jdrill --help'");

        Path script = Files.writeString(dir.resolve("a.pkt"), SKIPPED);
        Result notANumber = jdrill("run", "--tolerance-usecs", "abc", script.toString());
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err().strip())
                .isEqualTo("jdrill run: --tolerance-usecs takes a whole number (N), not 'abc'; try 'jdrill run --help'");

        assertThat(jdrill("run", "--jbos", "2", script.toString()).err())
                .startsWith("jdrill run: unknown option --jbos (did you mean --jobs?)");
        assertThat(jdrill("check").err().strip())
                .isEqualTo("jdrill check: no PATH given (.pkt files or directories (searched recursively)); try 'jdrill check --help'");
        assertThat(jdrill("run").err() + jdrill("check").err()).doesNotContain("Missing required").doesNotContain("Unmatched");
    }
}
