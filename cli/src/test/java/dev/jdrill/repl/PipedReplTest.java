package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through a pipe, as CI drives it: what it prints, and what :save writes. */
class PipedReplTest {
    private static final String LISTENER = """
            socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            bind(3, ..., ...) = 0
            listen(3, 1) = 0
            """;
    private static final String SYN = "< S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n";

    @TempDir
    Path dir;

    @Test
    void listenerSynSynAckRetransmissionSavedAndReplayedByRun() throws Exception {
        PipedSession s = PipedSession.run(dir, LISTENER + SYN + "> S. 0:0(0) ack 1 <...>\n:wait 2\n:save session.pkt\n");

        assertThat(s.err()).isEmpty();
        assertThat(s.status()).isZero();
        String[] printed = s.out().lines().filter(l -> l.contains("> S.")).toArray(String[]::new);
        assertThat(printed).hasSize(2);
        assertThat(printed[0]).startsWith("0.000000 > S. 0:0(0) ack 1 ");
        // The retransmission comes about a second later, printed with its own time.
        assertThat(printed[1]).matches("1\\.0\\d+ > S\\. 0:0\\(0\\) ack 1 .*");
        String saved = Files.readString(dir.resolve("session.pkt"));
        assertThat(saved).contains("0.000000 > S. 0:0(0) ack 1 <...>").contains(printed[1]);

        StringWriter out = new StringWriter();
        int status = Main.execute(new String[] {"run", dir.resolve("session.pkt").toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("PASS").contains("1 passed, 0 failed");
        assertThat(status).isZero();
    }

    @Test
    void stdoutOfAPipedSessionIsItselfAScriptThatRunPasses() throws Exception {
        PipedSession s = PipedSession.run(dir, LISTENER + SYN + "+3\n:state\n:wait 2\n< R 1:1(0) win 0\nbogus(\n");
        // The lines typed, each at the time it ran, then what the stack sent; a failed line is left out.
        assertThat(s.out()).contains("0.000000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n")
                .contains("0.000000 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n0.000000 > S. 0:0(0) ack 1")
                .contains("5.000000 state SYN_RECV\n").contains("< R 1:1(0) win 0\n").doesNotContain("bogus");
        assertThat(s.out().lines()).allMatch(l -> l.startsWith("//") || l.matches("\\d+\\.\\d{6} .*"));
        assertThat(s.out()).contains("SYN_RECV");
        assertThat(s.status()).isEqualTo(1);

        Path transcript = Files.writeString(dir.resolve("transcript.pkt"), s.out());
        StringWriter out = new StringWriter();
        int status = Main.execute(new String[] {"run", transcript.toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("1 passed, 0 failed");
        assertThat(status).isZero();
    }

    @Test
    void setTakesABareNameConfirmsTheChangeAndSaveWritesTheNameSysctlAccepts() throws Exception {
        PipedSession s = PipedSession.run(dir, ":set tcp_synack_retries=1\n" + LISTENER + SYN + ":wait 30\n:save s.pkt\n"
                + ":set tcp_synack_retires=2\n:stat\n");
        assertThat(s.out()).contains("// net.ipv4.tcp_synack_retries = 1 (was 5)");
        String saved = Files.readString(dir.resolve("s.pkt"));
        assertThat(saved).contains("`sysctl -q net.ipv4.tcp_synack_retries=1`").doesNotContain("q tcp_synack");
        // The trailing wait is kept: the replay lasts as long and checks where the wait left the connection.
        assertThat(saved.strip().lines().toList().getLast()).matches("30\\.000000 state \\w+");
        assertThat(s.err()).contains("jdrill: no Linux has sysctl tcp_synack_retires (did you mean")
                .contains("jdrill: unknown command :stat (did you mean :state?");
    }

    @Test
    void stateShowsSequenceNumbersAsScriptsWriteThemAndTheIsnsOnce() {
        PipedSession s = PipedSession.run(dir, LISTENER + SYN + "< . 1:1(0) ack 1 win 257\n:state\n");
        assertThat(s.out()).containsPattern("snd_una 1  snd_nxt 1  rcv_nxt 1 .*\\(relative; ISNs: stack \\d+, peer 0\\)");
    }

    @Test
    void aBadLinePrintsItsDiagnosticWithACaretAndTheSessionGoesOn() {
        PipedSession s = PipedSession.run(dir, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\nbind(3, ..., ...\n"
                + "bind(3, ..., ...) = 0\nlisten(3, 1) = 0\n" + SYN + ":save ok.pkt\n");
        assertThat(s.err()).startsWith("repl:2:").contains("error:").contains("\nbind(3, ..., ...\n").contains("^");
        assertThat(s.out()).contains("> S. 0:0(0) ack 1");
        assertThat(s.status()).isEqualTo(1);
        assertThat(dir.resolve("ok.pkt")).content().doesNotContain("bind(3, ..., ...\n").contains("listen(3, 1) = 0");
    }

    @Test
    void aWrongExpectationReportsExpectedAndActualInScriptNotation() {
        PipedSession s = PipedSession.run(dir, LISTENER + SYN + "> R 0:0(0)\n");
        assertThat(s.err()).contains("repl:6:").contains("script: R 0:0(0)").contains("actual: S. 0:0(0) ack 1");
        assertThat(s.status()).isEqualTo(1);
    }

    @Test
    void aNewTunableChangesTheLadderAndSaveKeepsIt() throws Exception {
        PipedSession s = PipedSession.run(dir, ":set net.ipv4.tcp_synack_retries=1\n" + LISTENER + SYN
                + ":wait 30\n:save retries.pkt\n");
        assertThat(s.err()).isEmpty();
        // The SYN-ACK and one retransmission; then the request is dropped.
        assertThat(s.out().lines().filter(l -> l.contains("> S.")).count()).isEqualTo(2);
        assertThat(dir.resolve("retries.pkt")).content().contains("`sysctl -q net.ipv4.tcp_synack_retries=1`");
        StringWriter out = new StringWriter();
        Main.execute(new String[] {"run", dir.resolve("retries.pkt").toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("1 passed, 0 failed");
    }

    @Test
    void aCodeBlockMaySpanLines() {
        PipedSession s = PipedSession.run(dir, LISTENER + "%{\nassert tcpi_rto == 1\n}%\n");
        assertThat(s.err()).contains("repl:");
        PipedSession ok = PipedSession.run(dir, LISTENER + "%{\nassert tcpi_rto == 1000000\n}%\n");
        assertThat(ok.err()).isEmpty();
    }

    @Test
    void loadRunsAScriptAndTheSessionContinuesAfterIt() throws Exception {
        Files.writeString(dir.resolve("open.pkt"), LISTENER.lines().map(l -> "+0 " + l + "\n").reduce("", String::concat)
                + "+0.1 " + SYN);
        PipedSession s = PipedSession.run(dir, ":wait 5\n:load open.pkt\n> S. 0:0(0) ack 1 <...>\n");
        assertThat(s.err()).isEmpty();
        assertThat(s.out()).contains("5.100000 > S. 0:0(0) ack 1").contains("ran ");
    }

    @Test
    void unknownCommandsAndBadArgumentsAreOneLineErrors() {
        PipedSession s = PipedSession.run(dir, ":frobnicate\n:wait soon\n:set nonsense\n:save\n:quit\n:help\n");
        assertThat(s.err().lines()).hasSize(4).allMatch(l -> l.startsWith("jdrill: "));
        assertThat(s.out()).doesNotContain(":state");
    }
}
