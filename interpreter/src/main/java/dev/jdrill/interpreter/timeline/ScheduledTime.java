package dev.jdrill.interpreter.timeline;

import java.util.Locale;
import java.util.Optional;

/**
 * When an event is due, in script time (microseconds since time zero), after relative times have been
 * anchored: a point, a range ({@code 0.1~0.2}), or any time ({@code *}).
 *
 * @param start the scripted time (the range's start)
 * @param end the range's end; equal to start for a point
 * @param anyTime {@code *}: never a timing error
 * @param relativeOffset for relative events the anchor added to the written time, to word errors the
 *     way the script reads (+0.2 rather than 3.4)
 */
public record ScheduledTime(long start, long end, boolean anyTime, Optional<Long> relativeOffset) {

    public static ScheduledTime at(long micros) {
        return new ScheduledTime(micros, micros, false, Optional.empty());
    }

    public boolean isRange() {
        return end != start;
    }

    /** Whether {@code actual} falls inside the window, widened by {@code slack} on both sides. */
    public boolean accepts(long actual, long slack) {
        return anyTime || (actual >= start - slack && actual <= end + slack);
    }

    /** The latest time still on time. */
    public long deadline(long slack) {
        return end + slack;
    }

    /** "at 1.000000 s ± 0.004000" or "in 0.100000~0.200000 s ± 0.004000". */
    public String describe(long slack) {
        if (anyTime) {
            return "at any time";
        }
        if (isRange()) {
            return "in " + seconds(start) + "~" + seconds(end) + " s ± " + seconds(slack);
        }
        return "at " + seconds(start) + " s ± " + seconds(slack);
    }

    public static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}
