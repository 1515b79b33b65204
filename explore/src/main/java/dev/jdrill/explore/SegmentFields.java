package dev.jdrill.explore;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a segment the stack sent, read back from its script notation (script numbering, as a
 * {@code >} line would say it): what two runs are compared on. Timestamp values are left out: TS val is
 * each stack's own clock and ecr echoes the peer's, so only whether the option is there is compared.
 */
public record SegmentFields(String flags, long seq, long end, int length, Optional<Long> ack, long window,
                            String options) {

    private static final Pattern NOTATION = Pattern.compile(
            "^(\\S+) (\\d+):(\\d+)\\((\\d+)\\)(?: ack (\\d+))?(?: win (\\d+))?(?: urg \\d+)?(?: <(.*)>)?$");
    private static final Pattern TIMESTAMP = Pattern.compile("TS val \\d+ ecr \\d+");

    /** Empty when the text is not a segment's notation (a non-TCP packet). */
    public static Optional<SegmentFields> parse(String notation) {
        Matcher m = NOTATION.matcher(notation.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String options = m.group(7) == null ? "" : TIMESTAMP.matcher(m.group(7)).replaceAll("TS");
        return Optional.of(new SegmentFields(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Integer.parseInt(m.group(4)), Optional.ofNullable(m.group(5)).map(Long::parseLong),
                m.group(6) == null ? 0 : Long.parseLong(m.group(6)), options));
    }

    /** The first field in which {@code other} differs, with both values, if any. */
    public Optional<FieldDifference> firstDifference(SegmentFields other) {
        if (!flags.equals(other.flags)) {
            return Optional.of(new FieldDifference("flags", flags, other.flags));
        }
        if (seq != other.seq || length != other.length) {
            return Optional.of(new FieldDifference(seq != other.seq ? "seq" : "length",
                    seq + ":" + end + "(" + length + ")", other.seq + ":" + other.end + "(" + other.length + ")"));
        }
        if (!ack.equals(other.ack)) {
            return Optional.of(new FieldDifference("ack", ack.map(String::valueOf).orElse("none"),
                    other.ack.map(String::valueOf).orElse("none")));
        }
        if (window != other.window) {
            return Optional.of(new FieldDifference("win", String.valueOf(window), String.valueOf(other.window)));
        }
        if (!options.equals(other.options)) {
            return Optional.of(new FieldDifference("options", "<" + options + ">", "<" + other.options + ">"));
        }
        return Optional.empty();
    }

    /** One field two segments disagree on. */
    public record FieldDifference(String field, String first, String second) {
    }
}
