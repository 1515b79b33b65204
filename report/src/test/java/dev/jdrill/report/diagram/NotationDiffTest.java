package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotationDiffTest {

    private static List<String> differing(String shown, String other) {
        return NotationDiff.pieces(shown, other).stream().filter(NotationDiff.Piece::differs).map(NotationDiff.Piece::text).toList();
    }

    @Test
    void piecesPutTheNotationBackTogether() {
        String text = "S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,wscale 7>";

        assertThat(NotationDiff.pieces(text, text).stream().map(NotationDiff.Piece::text).reduce("", String::concat)).isEqualTo(text);
        assertThat(differing(text, text)).isEmpty();
    }

    @Test
    void marksEachFieldThatDiffers() {
        assertThat(differing("R. 1:1(0) ack 1 win 0", "F. 1:1(0) ack 1 <...>")).containsExactly("R.");
        assertThat(differing(". 1:1(0) ack 2 win 502", ". 1:1(0) ack 1")).containsExactly("ack 2");
        assertThat(differing("P. 1:11(10) ack 1", "P. 1:101(100) ack 1")).containsExactly("1:11(10)");
    }

    @Test
    void fieldsTheScriptLeftOutAreNotCompared() {
        assertThat(differing(". 1:1(0) ack 1 win 502 <nop,nop,TS val 5 ecr 7>", ". 1:1(0) ack 1 <...>")).isEmpty();
        assertThat(differing(". 1:1(0) ack 1 win 502", ". seq 1")).isEmpty();
    }

    @Test
    void shorthandSequenceNumbersCompareByMeaning() {
        assertThat(differing("P. 1:11(10) ack 1", "P. seq 1 len 10")).isEmpty();
        assertThat(differing("P. 1:11(10) ack 1", "P. seq 1 len 20")).containsExactly("1:11(10)");
    }

    @Test
    void optionsDifferOneByOneAndTheStacksTimestampValueIsNotChecked() {
        assertThat(differing("S. 0:0(0) ack 1 <mss 1400,sackOK,TS val 99 ecr 100>", "S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 1 ecr 100>"))
                .containsExactly("mss 1400");
        assertThat(differing("S. 0:0(0) ack 1 <mss 1460>", "S. 0:0(0) ack 1 <mss 1460,wscale 7>")).containsExactly(">");
    }
}
