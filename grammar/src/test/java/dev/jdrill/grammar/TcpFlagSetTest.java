package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.TcpFlagSet;
import dev.jdrill.grammar.ast.TcpPacket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static dev.jdrill.grammar.ast.TcpFlagSet.ACK;
import static dev.jdrill.grammar.ast.TcpFlagSet.AE;
import static dev.jdrill.grammar.ast.TcpFlagSet.CWR;
import static dev.jdrill.grammar.ast.TcpFlagSet.ECE;
import static dev.jdrill.grammar.ast.TcpFlagSet.FIN;
import static dev.jdrill.grammar.ast.TcpFlagSet.PSH;
import static dev.jdrill.grammar.ast.TcpFlagSet.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** TCP flags are parsed once, into bits, with packetdrill's AccECN ACE digit (tcp_packet.c). */
class TcpFlagSetTest {

    private static TcpFlagSet flags(String written) {
        return ((TcpPacket) AstConstructsTest.action("> " + written + " 1:1(0) ack 1")).flags();
    }

    private static List<Diagnostic> check(String written) {
        return ScriptChecker.check("f.pkt", "0 > " + written + " 1:1(0) ack 1\n", Map.of());
    }

    @Test
    void lettersBecomeHeaderBits() {
        assertThat(flags("S.").bits()).isEqualTo(SYN | ACK);
        assertThat(flags("FP.").bits()).isEqualTo(FIN | PSH | ACK);
        assertThat(flags("SEWA").bits()).isEqualTo(SYN | ECE | CWR | AE);
        assertThat(flags("-").bits()).isZero();
        assertThat(flags("S.").ace()).isEmpty();
    }

    @Test
    void anAceDigitGivesTheThreeAccEcnBitsWhereverItIsWritten() {
        // packetdrill accepts the digit after the dot (a FLOAT token) and inside the word: P5. and F5.
        assertThat(flags("S.2")).satisfies(f -> {
            assertThat(f.bits()).isEqualTo(SYN | ACK | CWR);
            assertThat(f.ace()).isEqualTo(OptionalInt.of(2));
        });
        assertThat(flags(".5").bits()).isEqualTo(ACK | ECE | AE);
        assertThat(flags("P5.").bits()).isEqualTo(PSH | ACK | ECE | AE);
        assertThat(flags("F5.").bits()).isEqualTo(FIN | ACK | ECE | AE);
        assertThat(flags("S7.").bits()).isEqualTo(SYN | ACK | ECE | CWR | AE);
        assertThat(flags("P.0").bits()).isEqualTo(PSH | ACK);
        assertThat(flags("P5.").text()).isEqualTo("P5.");
        assertThat(check("P5.")).isEmpty();
        assertThat(check("S.1")).isEmpty();
    }

    @Test
    void anAceDigitGoesAloneAndOnce() {
        assertThat(check("SE.2")).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("conflicting TCP flag '2' in 'SE.2'");
            assertThat(d.span().column()).isEqualTo(5);
        });
        assertThat(check("P5E.")).singleElement().satisfies(d -> assertThat(d.message()).contains("conflicting TCP flag 'E'"));
        assertThat(check("S.12")).singleElement().satisfies(d -> assertThat(d.message()).contains("conflicting TCP flag '2'"));
    }

    @Test
    void anythingElseIsAnUnknownFlagAtTheFlags() {
        assertThat(check("S.8")).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("unknown TCP flag '8' in 'S.8'");
            assertThat(d.span().column()).isEqualTo(5);
        });
        assertThat(check("SX")).singleElement().satisfies(d -> assertThat(d.message()).startsWith("unknown TCP flag 'X'"));
    }
}
