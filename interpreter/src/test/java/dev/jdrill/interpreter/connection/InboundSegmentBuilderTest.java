package dev.jdrill.interpreter.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.wire.TcpFlags;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The segment an {@code <} line injects, built from the flags the grammar parsed. */
class InboundSegmentBuilderTest {

    private static TcpPacket line(String text) {
        var parsed = ScriptParser.parseLine("t.pkt", text, 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        return (TcpPacket) parsed.event().orElseThrow().action();
    }

    private static int flagsOf(String line) throws Exception {
        ScriptConnection c = new ScriptConnection(InetAddress.getByName("192.168.0.1"), InetAddress.getByName("192.0.2.1"), 8080, 48000);
        c.learnRemoteIsn(0);
        c.learnLocalIsn(1000, 0);
        return InboundSegmentBuilder.scriptSegment(line(line), c, new PeerView()).flags().bits();
    }

    @Test
    void anAceDigitSetsTheAccEcnBitsWhereverItIsWritten() throws Exception {
        assertThat(flagsOf("< P5. 1:11(10) ack 1 win 257")).isEqualTo(TcpFlags.PSH | TcpFlags.ACK | TcpFlags.ECE | TcpFlags.AE);
        assertThat(flagsOf("< F.6 1:1(0) ack 1 win 257")).isEqualTo(TcpFlags.FIN | TcpFlags.ACK | TcpFlags.CWR | TcpFlags.AE);
        assertThat(flagsOf("< SEW 0:0(0) win 257")).isEqualTo(TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR);
        assertThat(flagsOf("< - 1:1(0) win 257")).isZero();
    }
}
