package dev.jdrill.report.diagram;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps script time to the diagram's vertical axis. Every row keeps its own height (so events at the same
 * instant stay readable), short idle gaps take space in proportion to their length, and gaps longer than
 * the threshold are cut to a fixed-height break labelled with what was cut, so a 900 s retransmission
 * ladder still fits on a screen.
 */
final class TimeAxis {

    /** A compressed idle gap: drawn between {@code top} and {@code bottom}, standing for {@code micros}. */
    record Break(double top, double bottom, long micros) {
    }

    /** The rows at one instant: where they start and where the last one ends. */
    private record Anchor(long micros, double top, double bottom) {
    }

    /** Room for a break's label and marks, whatever the scale. */
    static final double MIN_BREAK_HEIGHT = 46;

    private final List<Anchor> anchors = new ArrayList<>();
    private final List<Break> breaks = new ArrayList<>();
    private final List<Double> rowTops = new ArrayList<>();
    private final double pixelsPerSecond;
    private final double bottom;

    /**
     * @param rowMicros the time of each row, in non-decreasing order
     * @param rowHeights the height of each row
     */
    TimeAxis(List<Long> rowMicros, List<Double> rowHeights, double top, double pixelsPerSecond, long compressAboveMicros) {
        if (rowMicros.size() != rowHeights.size()) {
            throw new IllegalArgumentException("one height per row");
        }
        this.pixelsPerSecond = pixelsPerSecond;
        double y = top;
        for (int i = 0; i < rowMicros.size(); i++) {
            long t = rowMicros.get(i);
            if (!anchors.isEmpty() && t > anchors.getLast().micros()) {
                long gap = t - anchors.getLast().micros();
                if (gap > compressAboveMicros) {
                    double height = breakHeight(gap, compressAboveMicros, pixelsPerSecond);
                    breaks.add(new Break(y, y + height, gap));
                    y += height;
                } else {
                    y += gap / 1e6 * pixelsPerSecond;
                }
            }
            if (anchors.isEmpty() || t > anchors.getLast().micros()) {
                anchors.add(new Anchor(t, y, y));
            }
            rowTops.add(y);
            y += rowHeights.get(i);
            Anchor last = anchors.removeLast();
            anchors.add(new Anchor(last.micros(), last.top(), y));
        }
        this.bottom = y;
    }

    /**
     * A break is never shorter than the longest gap drawn to scale, and grows with the logarithm of what it
     * stands for, so a longer gap always looks longer while a 15-minute one still fits.
     */
    static double breakHeight(long gap, long compressAboveMicros, double pixelsPerSecond) {
        double base = Math.max(MIN_BREAK_HEIGHT, compressAboveMicros / 1e6 * pixelsPerSecond);
        return base + 8 * Math.log((double) gap / compressAboveMicros) / Math.log(2);
    }

    double rowTop(int row) {
        return rowTops.get(row);
    }

    /** Where the rows end. */
    double bottom() {
        return bottom;
    }

    List<Break> breaks() {
        return List.copyOf(breaks);
    }

    /**
     * The y of an arbitrary script time (a tolerance window's edge, a blocking call's start): the top of
     * that instant's rows if it has any, else interpolated across the gap it falls in.
     */
    double y(long micros) {
        if (anchors.isEmpty()) {
            return bottom;
        }
        Anchor first = anchors.getFirst();
        if (micros <= first.micros()) {
            return first.top() - (first.micros() - micros) / 1e6 * pixelsPerSecond;
        }
        for (int i = 0; i < anchors.size(); i++) {
            Anchor a = anchors.get(i);
            if (micros == a.micros()) {
                return a.top();
            }
            if (i + 1 < anchors.size() && micros < anchors.get(i + 1).micros()) {
                Anchor b = anchors.get(i + 1);
                double fraction = (double) (micros - a.micros()) / (b.micros() - a.micros());
                return a.bottom() + fraction * (b.top() - a.bottom());
            }
        }
        Anchor last = anchors.getLast();
        return last.bottom() + (micros - last.micros()) / 1e6 * pixelsPerSecond;
    }

    /** Where the rows of this instant end; for a time without rows, {@link #y}. */
    double instantBottom(long micros) {
        for (Anchor a : anchors) {
            if (a.micros() == micros) {
                return a.bottom();
            }
        }
        return y(micros);
    }

    /** "895 s", "2.5 s", "120 ms": what a break label says. */
    static String describeGap(long micros) {
        if (micros >= 10_000_000) {
            return Math.round(micros / 1e6) + " s";
        }
        if (micros >= 1_000_000) {
            return trim(micros / 1e6) + " s";
        }
        return trim(micros / 1e3) + " ms";
    }

    private static String trim(double value) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
