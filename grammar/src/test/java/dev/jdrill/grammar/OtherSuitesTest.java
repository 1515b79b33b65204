package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.IcmpEchoed;
import dev.jdrill.grammar.ast.IcmpPacket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructs of public packetdrill suites outside our corpus (older packetdrill, the kernel's selftests, the
 * nplab and MPTCP forks): accepted when packetdrill accepts them, otherwise one clear diagnostic.
 */
class OtherSuitesTest {

    private static List<Diagnostic> check(String text) {
        return ScriptChecker.check("t.pkt", text, Map.of());
    }

    private static final String TCP_HEADER = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 bind(3, ..., ...) = 0
            +0 listen(3, 1) = 0
            """;

    @Test
    void icmpEchoedPacketBeforeTheIcmpKeywordAsInPacketdrillBefore2018() {
        IcmpPacket old = (IcmpPacket) AstConstructsTest.action("< [101:201(100)] icmp unreachable frag_needed mtu 1300");
        IcmpPacket now = (IcmpPacket) AstConstructsTest.action("< icmp unreachable frag_needed mtu 1300 [101:201(100)]");
        assertThat(SpanEraser.erase(old)).isEqualTo(SpanEraser.erase(now));
        assertThat(old.echoed()).get().isInstanceOfSatisfying(IcmpEchoed.Tcp.class,
                t -> assertThat(t.seq().start()).isEqualTo(101));
        IcmpPacket udp = (IcmpPacket) AstConstructsTest.action("< [udp (20)] icmp unreachable port_unreachable");
        assertThat(udp.echoed()).get().isInstanceOf(IcmpEchoed.Udp.class);
        // An IP info list in brackets is still an IP info list.
        IcmpPacket tos = (IcmpPacket) AstConstructsTest.action("< [tos 0x8] icmp unreachable [1:1(0)]");
        assertThat(tos.ipInfo()).isPresent();
    }

    @Test
    void theOldIcmpFormPrintsInTheCurrentForm() {
        String text = TCP_HEADER + "+0 < [1:11(10)] icmp unreachable host_unreachable\n";
        String printed = ScriptPrinter.print(ScriptParser.parse("t.pkt", text, Map.of()).script().orElseThrow());
        assertThat(printed).contains("icmp unreachable host_unreachable [1:11(10)]");
        assertThat(check(printed)).isEmpty();
    }

    @Test
    void icmpEchoedPacketGivenTwiceIsAnError() {
        assertThat(check(TCP_HEADER + "+0 < [1:11(10)] icmp unreachable [1:11(10)]\n"))
                .extracting(Diagnostic::message).anyMatch(m -> m.contains("given twice"));
    }

    @Test
    void udpLiteIsRejectedOnceAndClearly() {
        String text = """
                0 socket(..., SOCK_DGRAM, IPPROTO_UDPLITE) = 3
                +0 bind(3, ..., ...) = 0
                +0 < udplite(20, 8)
                +0 < udplite(20, 0)
                +0 > icmp unreachable port_unreachable [udplite(20, 8)]
                """;
        List<Diagnostic> diagnostics = check(text);
        assertThat(diagnostics).hasSize(1);
        assertThat(diagnostics.getFirst().message()).startsWith("UDP-Lite is not supported");
        assertThat(diagnostics.getFirst().span().line()).isEqualTo(3);
        assertThat(diagnostics.getFirst().span().column()).isEqualTo(6);
    }

    @Test
    void mptcpOptionsAreRejectedOnceAndClearly() {
        String text = TCP_HEADER + """
                +0 < S 0:0(0) win 1000 <mss 1460, mpcapable v1 flags[flag_h] nokey>
                +0 > S. 0:0(0) ack 1 <mss 1460, dss dack4=1 dll=0 nocs>
                """;
        List<Diagnostic> diagnostics = check(text);
        assertThat(diagnostics).hasSize(1);
        assertThat(diagnostics.getFirst().message()).startsWith("MPTCP is not supported");
        assertThat(diagnostics.getFirst().span().line()).isEqualTo(4);
        assertThat(check(TCP_HEADER + "+0 < .  1:1(0) ack 1 win 100 <dss dack8=1 nocs>\n"))
                .extracting(Diagnostic::message).containsExactly("MPTCP is not supported (jdrill runs TCP, UDP and ICMP scripts)");
        assertThat(check(TCP_HEADER + "+0 < addr[c0] > addr[s0] S 0:0(0) win 100\n"))
                .extracting(Diagnostic::message).containsExactly("MPTCP is not supported (jdrill runs TCP, UDP and ICMP scripts)");
    }

    @Test
    void mptcpWordsOutsideAnOptionListAreOrdinaryWords() {
        assertThat(check(TCP_HEADER + "+0 setsockopt(3, SOL_SOCKET, dss, [1], 4) = 0\n")).isEmpty();
        assertThat(check(TCP_HEADER + "+0 write(3, ..., 10) = 10\n+0 `echo dss, mp_prio`\n")).isEmpty();
    }

    @Test
    void sctpApiCallsSaySctpIsNotSupported() {
        List<Diagnostic> diagnostics = check("0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3\n"
                + "+0 sctp_bindx(3, [...], 1, SCTP_BINDX_ADD_ADDR) = 0\n");
        assertThat(diagnostics).extracting(Diagnostic::message)
                .containsExactly("SCTP is not supported (jdrill runs TCP, UDP and ICMP scripts): 'sctp_bindx'");
    }
}
