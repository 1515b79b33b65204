package dev.jdrill.explore;

/**
 * The first place where two recordings of one script part ways.
 *
 * @param kind what differs
 * @param field for a segment, the field that differs ({@code flags}, {@code seq}, {@code ack}, {@code win},
 *     {@code options}, {@code time}); for a call, its name; else empty
 * @param atMicros script time of the difference (the earlier of the two)
 * @param line the script line it is about, 0 for a segment
 * @param first what the first side did, in script notation ({@code nothing} when it did nothing)
 * @param second what the second side did
 */
public record Divergence(Kind kind, String field, long atMicros, int line, String first, String second) {

    public enum Kind {
        /** Both sides sent an n-th segment, and they differ in a field. */
        SEGMENT,
        /** Both sent the same n-th segment, at times further apart than the tolerance. */
        TIMING,
        /** Only one side sent an n-th segment. */
        MISSING_SEGMENT,
        /** A call returned different results. */
        CALL,
        /** A {@code state} line found different states. */
        STATE,
        /** A line failed on one side only, for another reason than its result. */
        LINE
    }

    /**
     * What divergences of the same nature share, so that one script stands for all of them: the shrinker
     * keeps it while it cuts the script down, and the summary groups by it. Sequence numbers, windows and
     * times are left out (they move as the script shrinks); flags, call results and states stay.
     */
    public String signature() {
        return switch (kind) {
            case SEGMENT -> "segment " + field + (field.equals("flags") ? " " + flagsOf(first) + " vs " + flagsOf(second)
                    : " of " + flagsOf(first));
            case TIMING -> "timing of " + flagsOf(first);
            case MISSING_SEGMENT -> first.equals("nothing") ? "only the second side sends " + flagsOf(second)
                    : "only the first side sends " + flagsOf(first);
            case CALL -> "call " + field + "() = " + first + " vs " + second;
            case STATE -> "state " + first + " vs " + second;
            case LINE -> "line fails: " + (first.equals("passes") ? second : first).replaceAll("[0-9.]+", "N");
        };
    }

    /** One line: where and how, naming the sides. */
    public String summary(String firstLabel, String secondLabel) {
        String at = "at " + ExploreScript.seconds(atMicros) + " s" + (line > 0 ? " (line " + line + ")" : "");
        return switch (kind) {
            case SEGMENT -> at + " " + firstLabel + " sends " + first + ", " + secondLabel + " sends " + second
                    + " (" + field + " differ" + (field.endsWith("s") ? "" : "s") + ")";
            case TIMING -> at + " " + firstLabel + " and " + secondLabel + " send " + flagsOf(first)
                    + " at different times: " + first + " vs " + second;
            case MISSING_SEGMENT -> at + " " + (first.equals("nothing") ? secondLabel + " sends " + second + ", "
                    + firstLabel + " sends nothing" : firstLabel + " sends " + first + ", " + secondLabel + " sends nothing");
            case CALL -> at + " " + field + "() returns " + first + " on " + firstLabel + ", " + second + " on "
                    + secondLabel;
            case STATE -> at + " the connection is " + first + " on " + firstLabel + ", " + second + " on " + secondLabel;
            case LINE -> at + " the line " + (first.equals("passes") ? "fails on " + secondLabel + ": " + second
                    : "fails on " + firstLabel + ": " + first);
        };
    }

    /** The flags of a segment given in notation ({@code F. 1:1(0) ...} gives {@code F.}). */
    static String flagsOf(String notation) {
        int space = notation.indexOf(' ');
        return space < 0 ? notation : notation.substring(0, space);
    }
}
