package dev.jdrill.interpreter.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Segments are already in script numbering here; the rules are what verify_tcp checks. */
class OutboundMatcherTest {

    private static TcpPacket line(String text) {
        var parsed = ScriptParser.parseLine("t.pkt", text, 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        return (TcpPacket) parsed.event().orElseThrow().action();
    }

    private static TcpSegment segment(int flags, long seq, long ack, int win, int len, List<TcpOption> options) {
        return new TcpSegment(8080, 48000, seq, ack, new TcpFlags(flags), win, 0, options, Payload.zeros(len));
    }

    private static IpPacket ip(TcpSegment s) throws Exception {
        return IpPacket.of(InetAddress.getByName("192.168.0.1"), InetAddress.getByName("192.0.2.1"), s);
    }

    @Test
    void packetdrillFormChecksEveryStatedField() throws Exception {
        TcpSegment s = segment(TcpFlags.PSH | TcpFlags.ACK, 1, 1, 257, 1000, List.of());
        assertThat(OutboundMatcher.mismatch(line("+0 > P. 1:1001(1000) ack 1"), ip(s), s)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+0 > P. 1:1001(1000) ack 1 win 257"), ip(s), s)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+0 > P. 1:1001(1000) ack 1 win 300"), ip(s), s))
                .hasValueSatisfying(m -> assertThat(m.field()).isEqualTo("tcp_window"));
        assertThat(OutboundMatcher.mismatch(line("+0 > P. 1001:2001(1000) ack 1"), ip(s), s))
                .hasValueSatisfying(m -> assertThat(m.explanation()).contains("resent earlier data"));
    }

    @Test
    void wrongFlagsAreExplainedInWords() throws Exception {
        TcpSegment rst = segment(TcpFlags.RST | TcpFlags.ACK, 1, 1, 0, 0, List.of());
        assertThat(OutboundMatcher.mismatch(line("+0 > F. 1:1(0) ack 1"), ip(rst), rst))
                .hasValueSatisfying(m -> assertThat(m.explanation())
                        .isEqualTo("the stack sent a RST where the script expected a FIN"));
    }

    @Test
    void anAceDigitExpectsTheAccEcnBitsItStandsFor() throws Exception {
        // packetdrill (tcp_packet.c): 5 = ECE (1) + AE (4); the digit is the ACE field, not a flag to drop.
        TcpSegment ace5 = segment(TcpFlags.PSH | TcpFlags.ACK | TcpFlags.ECE | TcpFlags.AE, 1, 1, 257, 10, List.of());
        assertThat(OutboundMatcher.mismatch(line("+0 > P5. 1:11(10) ack 1"), ip(ace5), ace5)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+0 > P.5 1:11(10) ack 1"), ip(ace5), ace5)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+0 > P.4 1:11(10) ack 1"), ip(ace5), ace5))
                .hasValueSatisfying(m -> assertThat(m.field()).isEqualTo("tcp flags"));
        TcpSegment plain = segment(TcpFlags.PSH | TcpFlags.ACK, 1, 1, 257, 10, List.of());
        assertThat(OutboundMatcher.mismatch(line("+0 > P5. 1:11(10) ack 1"), ip(plain), plain))
                .hasValueSatisfying(m -> assertThat(m.field()).isEqualTo("tcp flags"));
    }

    @Test
    void optionsAreCheckedInOrderButTimestampsAreNot() throws Exception {
        TcpSegment syn = segment(TcpFlags.SYN, 0, 0, 65535, 0, List.of(new TcpOption.MaxSegmentSize(1460),
                new TcpOption.SackPermitted(), new TcpOption.Timestamp(12345, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7)));
        assertThat(OutboundMatcher.mismatch(line("0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>"), ip(syn), syn)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("0 > S 0:0(0) <...>"), ip(syn), syn)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>"), ip(syn), syn))
                .hasValueSatisfying(m -> assertThat(m.field()).isEqualTo("tcp options"));
        assertThat(OutboundMatcher.mismatch(line("0 > S 0:0(0)"), ip(syn), syn)).isPresent();
    }

    @Test
    void shorthandChecksOnlyWhatItStates() throws Exception {
        TcpSegment rst = segment(TcpFlags.RST, 1001, 0, 0, 0, List.of());
        assertThat(OutboundMatcher.mismatch(line("+60 > R"), ip(rst), rst)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+60 > R seq 1001"), ip(rst), rst)).isEmpty();
        assertThat(OutboundMatcher.mismatch(line("+60 > R seq 1"), ip(rst), rst)).isPresent();
        assertThat(OutboundMatcher.mismatch(line("+60 > F."), ip(rst), rst)).isPresent();
    }
}
