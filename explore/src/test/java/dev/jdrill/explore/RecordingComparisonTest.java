package dev.jdrill.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.TcpState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordingComparisonTest {
    private final RecordingComparison comparison = new RecordingComparison(10_000);

    private static Recording.RecordedSegment segment(long t, String notation) {
        return new Recording.RecordedSegment(t, notation, SegmentFields.parse(notation).orElseThrow());
    }

    private static Recording recording(String side, List<Recording.RecordedSegment> segments, Optional<TcpState> state) {
        List<Recording.LineRecord> lines = List.of(
                new Recording.LineRecord(1, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                new Recording.LineRecord(2, 1_000_000, Optional.empty(), Optional.empty(), state, Optional.empty()));
        return new Recording(Side.of(side), Optional.empty(), lines, segments, 2_000_000);
    }

    @Test
    void theSameSegmentsAtCloseTimesAreTheSame() {
        Recording a = recording("a", List.of(segment(100_000, "F. 1:1(0) ack 1 win 63 <nop,nop,TS val 5 ecr 7>")),
                Optional.of(TcpState.FIN_WAIT1));
        Recording b = recording("b", List.of(segment(104_000, "F. 1:1(0) ack 1 win 63 <nop,nop,TS val 99 ecr 7>")),
                Optional.of(TcpState.FIN_WAIT1));
        assertThat(comparison.compare(a, b)).isEmpty();
    }

    @Test
    void theFirstDifferenceIsReported() {
        Recording a = recording("a", List.of(segment(100_000, "F. 1:1(0) ack 1 win 63"), segment(300_000, "F. 1:1(0) ack 1 win 63")),
                Optional.of(TcpState.FIN_WAIT1));
        Recording b = recording("b", List.of(segment(100_000, "R. 1:1(0) ack 1 win 63")), Optional.of(TcpState.CLOSED));

        Divergence d = comparison.compare(a, b).orElseThrow();

        assertThat(d.kind()).isEqualTo(Divergence.Kind.SEGMENT);
        assertThat(d.signature()).isEqualTo("segment flags F. vs R.");
        assertThat(d.summary("linux", "engine")).contains("linux sends F. 1:1(0)", "engine sends R. 1:1(0)");
    }

    @Test
    void timingBeyondTheToleranceAndMissingSegmentsAndStates() {
        Recording a = recording("a", List.of(segment(300_000, "F. 1:1(0) ack 1 win 63")), Optional.of(TcpState.FIN_WAIT1));
        Recording late = recording("b", List.of(segment(500_000, "F. 1:1(0) ack 1 win 63")), Optional.of(TcpState.FIN_WAIT1));
        Recording none = recording("b", List.of(), Optional.of(TcpState.FIN_WAIT1));
        Recording otherState = recording("b", List.of(segment(300_000, "F. 1:1(0) ack 1 win 63")), Optional.of(TcpState.CLOSED));

        assertThat(comparison.compare(a, late).orElseThrow().kind()).isEqualTo(Divergence.Kind.TIMING);
        assertThat(comparison.compare(a, none).orElseThrow().kind()).isEqualTo(Divergence.Kind.MISSING_SEGMENT);
        assertThat(comparison.compare(a, otherState).orElseThrow().signature()).isEqualTo("state FIN_WAIT1 vs CLOSED");
    }
}
