package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: output lines, exit codes, and no stack trace for any input. */
class MainCommandLineTest {

    private record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Result jdrill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static final String GOOD = """
            0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0  bind(3, ..., ...) = 0
            +0  listen(3, 1) = 0
            +0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0  > S. 0:0(0) ack 1 <...>
            +.1 < . 1:1(0) ack 1 win 257
            +0  accept(3, ..., ...) = 4
            +0  state ESTABLISHED
            +0  close(4) = 0
            +0  > F. 1:1(0) ack 1
            +.1 < F. seq 1 ack 2
            +0  > . 2:2(0) ack 2
            +0  state TIME_WAIT
            """;

    @Test
    void checkPrintsTheCorpusCount() {
        Path corpus = Path.of(System.getProperty("jdrill.shared", "../../shared"), "corpus/google-packetdrill");
        Assumptions.assumeTrue(Files.isDirectory(corpus), "packetdrill corpus not present beside the project");
        Result r = jdrill("check", corpus.toString());
        assertThat(r.out().strip()).endsWith("177 parsed, 0 failed");
        assertThat(r.exit()).isZero();
    }

    @Test
    void runPrintsAPassLineAndTotals(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("close.pkt"), GOOD);
        Result r = jdrill("run", script.toString());
        assertThat(r.out()).containsPattern("PASS .*close\\.pkt \\(engine, simulated 0\\.\\d{3} s, wall \\d+ ms\\)");
        assertThat(r.out().strip()).endsWith("1 passed, 0 failed");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aFailureShowsLineSegmentsAndTiming(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bad.pkt"), GOOD.replace("+0  > F. 1:1(0) ack 1", "+0  > R. 1:1(0) ack 1"));
        Result r = jdrill("run", script.toString());
        assertThat(r.out()).contains("FAIL " + script + " (engine)")
                .containsPattern(":11:\\d+: error: bad outbound packet")
                .contains("  script: R. 1:1(0) ack 1")
                .contains("  actual: F. 1:1(0) ack 1")
                .contains("timing: expected at")
                .contains("where the script expected a RST");
        assertThat(r.out().strip()).endsWith("0 passed, 1 failed");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(jdrill("run", "--target", "nowhere", "x.pkt").exit()).isEqualTo(2);
        assertThat(jdrill("run", "--shard", "3/2", "x.pkt").exit()).isEqualTo(2);
        assertThat(jdrill("run", "--no-such-flag").exit()).isEqualTo(2);
        assertThat(jdrill("check").exit()).isEqualTo(2);
        assertThat(jdrill("check", "/no/such/dir").exit()).isEqualTo(2);
        assertThat(jdrill().exit()).isEqualTo(2);
    }

    /** Broken scripts of every kind: each a located one-line error and exit 1, never a stack trace. */
    @Test
    void everyBrokenScriptGetsALocatedErrorAndExitOne(@TempDir Path dir) throws Exception {
        List<byte[]> broken = brokenScripts();
        assertThat(broken).hasSizeGreaterThanOrEqualTo(100);
        for (int i = 0; i < broken.size(); i++) {
            Path file = dir.resolve("broken-" + i + ".pkt");
            Files.write(file, broken.get(i));
            Result r = jdrill("check", file.toString());
            assertThat(r.exit()).as("exit of %s", file).isEqualTo(1);
            assertThat(r.out()).as("output for %s", file).startsWith(file + ":").containsPattern("^\\S+:\\d+:\\d+: error: ");
            assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out().strip()).endsWith("1 parsed, 1 failed");
            Result run = jdrill("run", file.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.all()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    private static List<byte[]> brokenScripts() {
        List<String> texts = new ArrayList<>();
        String[] lines = GOOD.split("\n");
        // Every line cut short in the middle of its last token.
        for (int i = 0; i < lines.length; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < i; j++) {
                sb.append(lines[j]).append('\n');
            }
            String cut = lines[i].substring(0, Math.max(3, lines[i].length() - 3)) + (lines[i].endsWith(")") ? "" : " (");
            texts.add(sb + cut + "\n");
        }
        String[][] replacements = {
            {"= 3", "= "}, {"socket(", "sockett("}, {"SOCK_STREAM", "SOCK_STREAM)"}, {"[1], 4", "[1] 4"},
            {"listen(3, 1)", "listen(3, 1"}, {"0:0(0) win", "0:0(1) win"}, {"win 32792", "win"},
            {"win 32792", "win -5"}, {"win 32792", "win 0x"}, {"mss 1000", "mss"}, {"wscale 7", "wscale 7 9"},
            {"sackOK", "sackOKK"}, {"<...>", "<..>"}, {"<...>", "<...,mss 1>"}, {"S.", "SX"}, {"F.", "Q."},
            {"+.1 <", "+.1.1 <"}, {"+.1 <", "* <"}, {"+.1 <", "0.1~0.2 <"}, {"0   socket", "1   socket"},
            {"accept(3, ..., ...) = 4", "accept(3, ..., ...) = 4 EAGAIN"}, {"= 4", "= -1 EBOGUS (No)"},
            {"state ESTABLISHED", "state ESTABLISHD"}, {"state ESTABLISHED", "state(x) ESTABLISHED"},
            {"close(4) = 0", "close(4) == 0"}, {"close(4)", "close(4"}, {"> F.", "} F."}, {"> F.", ">> F."},
            {"1:1(0) ack 1", "1:1(0) ack"}, {"2:2(0) ack 2", "2:2(0) ack 2 win win"}, {"seq 1 ack 2", "seq ack 2"},
            {"setsockopt(3,", "setsockopt(3,,"}, {"+0  bind", "+0  `bind"}, {"+0  bind", "+0  %{ bind"},
            {"+0  bind", "+0  \"bind"}, {"+0  bind", "+0  /* bind"}, {"<mss", "<<mss"}, {"0:0(0)", "0:0(0"},
            {"0:0(0)", "0::0(0)"}, {"0:0(0)", "99999999999:0(0)"}, {"+0  accept", "-0  accept"},
        };
        for (String[] r : replacements) {
            assertThat(GOOD).as("mutation target").contains(r[0]);
            texts.add(GOOD.replace(r[0], r[1]));
        }
        texts.add("");
        texts.add("\n\n   \n");
        texts.add("// only a comment\n");
        texts.add("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 `sysctl -q net.ipv4.tcp_sack=1\n");
        texts.add("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 %{ assert tcpi_state == 1\n");
        texts.add("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 write(3, \"abc, 3) = 3\n");
        texts.add("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n" + "+0 " + "x".repeat(1_000_000) + "\n");
        texts.add("0.5 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0.1 close(3) = 0\n");
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        Random random = new Random(20261121);
        byte[] base = GOOD.getBytes(StandardCharsets.UTF_8);
        while (out.size() < 110) {
            byte[] garbage = base.clone();
            int pos = 20 + random.nextInt(base.length - 40);
            for (int k = 0; k < 6; k++) {
                garbage[pos + k] = (byte) (random.nextInt(32) | (k % 2 == 0 ? 0x80 : 0));
            }
            out.add(garbage);
        }
        out.add(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10});
        return out;
    }
}
