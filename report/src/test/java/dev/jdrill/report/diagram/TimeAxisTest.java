package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeAxisTest {
    private static final double PX_PER_S = 60;
    private static final long COMPRESS_ABOVE = 1_000_000;

    private static TimeAxis axis(Long... micros) {
        return new TimeAxis(List.of(micros), Collections.nCopies(micros.length, 20.0), 100, PX_PER_S, COMPRESS_ABOVE);
    }

    @Test
    void shortGapsAreDrawnToScale() {
        TimeAxis a = axis(0L, 500_000L, 1_000_000L);

        assertThat(a.rowTop(1) - a.rowTop(0)).isEqualTo(20 + 30);
        assertThat(a.rowTop(2) - a.rowTop(1)).isEqualTo(20 + 30);
        assertThat(a.breaks()).isEmpty();
    }

    @Test
    void rowsAtTheSameInstantStackWithoutAGap() {
        TimeAxis a = axis(0L, 0L, 0L);

        assertThat(a.rowTop(1) - a.rowTop(0)).isEqualTo(20);
        assertThat(a.bottom()).isEqualTo(160);
    }

    @Test
    void longIdleGapsBecomeLabelledBreaks() {
        TimeAxis a = axis(0L, 895_000_000L);

        assertThat(a.breaks()).singleElement().satisfies(b -> {
            assertThat(b.micros()).isEqualTo(895_000_000L);
            assertThat(b.bottom() - b.top()).isBetween(TimeAxis.MIN_BREAK_HEIGHT, 200.0);
        });
        assertThat(TimeAxis.describeGap(895_000_000L)).isEqualTo("895 s");
        assertThat(a.bottom()).isLessThan(400);
    }

    @Test
    void aLongerGapNeverLooksShorter() {
        double previous = 0;
        for (long gap : new long[] {400_000, 1_000_000, 1_500_000, 2_000_000, 64_000_000, 900_000_000}) {
            TimeAxis a = axis(0L, gap);
            double height = a.rowTop(1) - a.rowTop(0);
            assertThat(height).as("gap of %d µs", gap).isGreaterThanOrEqualTo(previous);
            previous = height;
        }
    }

    @Test
    void timesBetweenRowsAreInterpolatedInsideTheirGap() {
        TimeAxis a = axis(0L, 1_000_000L);

        assertThat(a.y(0)).isEqualTo(100);
        assertThat(a.y(500_000)).isEqualTo(120 + 30);
        assertThat(a.y(1_000_000)).isEqualTo(a.rowTop(1));
        assertThat(a.instantBottom(0)).isEqualTo(120);
    }

    @Test
    void gapsAreDescribedInReadableUnits() {
        assertThat(TimeAxis.describeGap(2_500_000)).isEqualTo("2.5 s");
        assertThat(TimeAxis.describeGap(4_000_000)).isEqualTo("4 s");
        assertThat(TimeAxis.describeGap(120_000)).isEqualTo("120 ms");
    }
}
