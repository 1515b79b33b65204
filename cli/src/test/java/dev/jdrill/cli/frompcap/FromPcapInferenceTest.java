package dev.jdrill.cli.frompcap;

import static dev.jdrill.cli.frompcap.Conversation.A;
import static dev.jdrill.cli.frompcap.Conversation.F;
import static dev.jdrill.cli.frompcap.Conversation.P;
import static dev.jdrill.cli.frompcap.Conversation.R;
import static dev.jdrill.cli.frompcap.Conversation.S;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.wire.TcpFlags;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What from-pcap infers beyond the plain calls, each from a capture that shows it: shutdown(SHUT_WR)
 * against close(), an abortive close, keepalive settings, data the stack dropped, timing of reactions.
 * Each generated script must also parse.
 */
class FromPcapInferenceTest {
    private static final long C = 1_000_000L; // the peer's ISN
    private static final long L = 5_000_000L; // the stack's ISN
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    /** A passive open completed at T0 + 100 ms; the stack is 192.168.0.1:8080. */
    private static Conversation accepted() {
        return new Conversation("192.0.2.1", 48000, "192.168.0.1", 8080)
                .client(T0, S, C, 0, 65535, 0)
                .server(T0 + 50, S | A, L, C + 1, 64240, 0)
                .client(T0 + 100_000, A, C + 1, L + 1, 257, 0);
    }

    private String fromPcap(Conversation conversation) throws Exception {
        Path capture = conversation.writeTo(dir.resolve("c.pcap"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new String[] {"from-pcap", capture.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(ScriptLoader.fromText("c.pkt", out.toString(), Map.of()).diagnostics()).as(out.toString()).isEmpty();
        return out.toString();
    }

    @Test
    void aFinAfterWhichTheStackStillTakesDataIsAHalfClose() throws Exception {
        String script = fromPcap(accepted()
                .server(T0 + 200_000, F | A, L + 1, C + 1, 63, 0)
                .client(T0 + 300_000, A, C + 1, L + 2, 257, 0)
                .client(T0 + 400_000, P | A, C + 1, L + 2, 257, 100)
                .server(T0 + 400_040, A, L + 2, C + 101, 63, 0));
        assertThat(script).contains("shutdown(4, SHUT_WR) = 0\n+0        > F. 1:1(0) ack 1\n")
                .contains("read(4, ..., 100) = 100").doesNotContain("close(");
    }

    @Test
    void aFinAfterWhichTheStackResetsDataIsAClose() throws Exception {
        String script = fromPcap(accepted()
                .server(T0 + 200_000, F | A, L + 1, C + 1, 63, 0)
                .client(T0 + 300_000, P | A, C + 1, L + 2, 257, 100)
                .server(T0 + 300_040, R, L + 2, 0, 0, 0));
        assertThat(script).contains("close(4) = 0\n+0        > F. 1:1(0) ack 1\n").doesNotContain("shutdown");
    }

    @Test
    void aResetNothingPromptedIsAnAbortiveClose() throws Exception {
        String script = fromPcap(accepted()
                .server(T0 + 300_000, R | A, L + 1, C + 1, 63, 0));
        assertThat(script).contains("""
                +0.2      setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0
                +0        close(4) = 0
                +0        > R. 1:1(0) ack 1
                """);
    }

    @Test
    void aResetAnsweringTheSegmentBeforeItIsNoCall() throws Exception {
        String script = fromPcap(accepted()
                .client(T0 + 200_000, P | A, C + 1, L + 9999, 257, 10)
                .server(T0 + 200_030, R, L + 9999, 0, 0, 0));
        assertThat(script).doesNotContain("SO_LINGER").doesNotContain("close(");
    }

    @Test
    void probesOneBelowTheAckedDataGiveTheKeepaliveSettings() throws Exception {
        // Idle 2 s after the last segment received; unanswered, every 1 s; a RST after the third.
        long first = T0 + 100_000 + 2 * SECOND;
        String script = fromPcap(accepted()
                .server(first + 3_000, A, L, C + 1, 63, 0)
                .server(first + SECOND + 2_000, A, L, C + 1, 63, 0)
                .server(first + 2 * SECOND + 4_000, A, L, C + 1, 63, 0)
                .server(first + 3 * SECOND + 1_000, R | A, L + 1, C + 1, 63, 0));
        assertThat(script).contains("""
                +0        accept(3, ..., ...) = 4
                +0        setsockopt(4, IPPROTO_TCP, TCP_KEEPIDLE, [2], 4) = 0
                +0        setsockopt(4, IPPROTO_TCP, TCP_KEEPINTVL, [1], 4) = 0
                +0        setsockopt(4, IPPROTO_TCP, TCP_KEEPCNT, [3], 4) = 0
                +0        setsockopt(4, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0
                """).doesNotContain("SO_LINGER");
    }

    @Test
    void keepaliveTurnedOnLateShowsInTheFirstProbeOnly() throws Exception {
        // First probe 3 s after the last receive, the next 2 s after its answer: TCP_KEEPIDLE is 2, and
        // SO_KEEPALIVE went on 1 s after the handshake.
        long first = T0 + 100_000 + 3 * SECOND;
        String script = fromPcap(accepted()
                .server(first, A, L, C + 1, 63, 0)
                .client(first + 100_000, A, C + 1, L + 1, 257, 0)
                .server(first + 100_000 + 2 * SECOND, A, L, C + 1, 63, 0));
        assertThat(script).contains("+1        setsockopt(4, IPPROTO_TCP, TCP_KEEPIDLE, [2], 4) = 0\n"
                + "+0        setsockopt(4, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0\n+2        > . 0:0(0) ack 1\n");
    }

    @Test
    void dataTheStackNeverAcknowledgedBeforeItCameAgainIsNotRead() throws Exception {
        String script = fromPcap(accepted()
                .client(T0 + 200_000, P | A, C + 1, L + 9999, 257, 100)
                .client(T0 + 700_000, P | A, C + 1, L + 1, 257, 100)
                .server(T0 + 700_030, A, L + 1, C + 101, 63, 0));
        assertThat(script.lines().filter(l -> l.contains("read(")).toList()).containsExactly("+0        read(4, ..., 100) = 100");
        assertThat(script).contains("< P. 1:101(100) ack 1 win 257\n+0        read(4, ..., 100) = 100\n");
    }

    @Test
    void anAckAtTheWrongSequenceNumberDoesNotCompleteTheHandshake() throws Exception {
        String script = fromPcap(new Conversation("192.0.2.1", 48000, "192.168.0.1", 8080)
                .client(T0, S, C, 0, 65535, 0)
                .server(T0 + 50, S | A, L, C + 1, 64240, 0)
                .client(T0 + 100_000, A, C + 900_000, L + 1, 257, 0)
                .server(T0 + 100_040, A, L + 1, C + 1, 63, 0));
        assertThat(script).doesNotContain("accept");
    }

    @Test
    void aStackReactionIsWrittenAtTheTimeOfWhatCausedIt() throws Exception {
        // The SYN-ACK left 9 ms after the SYN on a loaded host: a replay must not demand those 9 ms.
        String script = fromPcap(new Conversation("192.0.2.1", 48000, "192.168.0.1", 8080)
                .client(T0, S | TcpFlags.ECE | TcpFlags.CWR, C, 0, 65535, 0)
                .server(T0 + 9_000, S | A | TcpFlags.ECE, L, C + 1, 64240, 0)
                .client(T0 + 100_000, A, C + 1, L + 1, 257, 0));
        assertThat(script).contains("+0        < SEW 0:0(0) win 65535\n+0        > SE. 0:0(0) ack 1\n+0.1      < . 1:1(0)");
    }
}
