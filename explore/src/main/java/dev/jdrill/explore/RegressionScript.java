package dev.jdrill.explore;

import dev.jdrill.explore.Recording.LineRecord;
import dev.jdrill.explore.Recording.RecordedSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A shrunk divergence as a ready regression script: the reference side's run written out as
 * {@code jdrill run} replays it — each line as it ran there (a call with the result it returned, a
 * {@code state} line with the state found, an injected segment with the numbers it was sent with) and every
 * segment the reference stack sent as a {@code >} line at its time — so it passes on the reference and fails
 * on the other side at the divergence. What the other side sent is kept in a comment, with a one-line
 * summary of the difference at the top.
 */
public final class RegressionScript {

    private RegressionScript() {
    }

    private record Line(long timeMicros, int order, String text) {
    }

    /**
     * @param reference the run written out (the kernel's, when one side is the kernel)
     * @param other the other side's run of the same script
     * @param header comment lines (without {@code //}) put first: the summary, where the script came from
     */
    public static String render(ExploreScript script, Recording reference, Recording other, List<String> header,
                                long toleranceUsecs) {
        // The runs were compared with this tolerance: the script gets it too (an option line comes first).
        StringBuilder sb = new StringBuilder("--tolerance_usecs=" + toleranceUsecs + "\n");
        for (String h : header) {
            sb.append("// ").append(h).append('\n');
        }
        sb.append("// ").append(reference.side().label()).append("'s segments are the > lines; ")
                .append(other.side().label()).append(" sent:\n");
        for (RecordedSegment s : other.segments()) {
            sb.append("//   ").append(s.line()).append('\n');
        }
        if (other.segments().isEmpty()) {
            sb.append("//   nothing\n");
        }
        sb.append('\n');
        List<Line> lines = new ArrayList<>();
        int order = 0;
        for (Map.Entry<String, String> s : reference.side().sysctls().entrySet()) {
            String value = s.getValue().contains(" ") ? "\"" + s.getValue() + "\"" : s.getValue();
            lines.add(new Line(0, order++, "`sysctl -q " + Side.fullName(s.getKey()) + "=" + value + "`"));
        }
        // At the same time, a line comes before the segments sent after it started and after the others.
        for (LineRecord record : reference.lines()) {
            ExploreScript.Step step = script.stepOnLine(record.line());
            lines.add(new Line(record.startMicros(), 2 * record.line() + order, asRun(step.action(), record)));
        }
        for (RecordedSegment s : reference.segments()) {
            lines.add(new Line(s.timeMicros(), 2 * s.afterLine() + 1 + order, "> " + s.notation()));
        }
        lines.sort(Comparator.comparingLong(Line::timeMicros).thenComparingInt(Line::order));
        long previous = 0;
        boolean first = true;
        for (Line line : lines) {
            if (line.text().startsWith("//")) {
                sb.append(line.text()).append('\n');
                continue;
            }
            long gap = Math.max(0, line.timeMicros() - previous);
            sb.append(first ? ExploreScript.seconds(line.timeMicros()) : Conversation.time(roundToMillis(gap)))
                    .append(' ').append(line.text()).append('\n');
            previous = line.timeMicros();
            first = false;
        }
        return sb.toString();
    }

    /** The number of lines that run (events and {@code >} lines), comments, option and blank lines aside. */
    public static long eventLines(String text) {
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith("//") && !l.startsWith("--")).count();
    }

    private static long roundToMillis(long micros) {
        return Math.round(micros / 1000.0) * 1000;
    }

    /** A line as it ran on the reference side; a line that failed there for its own reasons is a comment. */
    private static String asRun(String action, LineRecord record) {
        boolean newFd = record.call().map(c -> c.comparable().equals("an fd")).orElse(false);
        if (record.call().isPresent() && !newFd) {
            int eq = action.lastIndexOf(" = ");
            return (eq < 0 ? action : action.substring(0, eq)) + " = " + record.call().get().scriptText();
        }
        if (record.state().isPresent() && action.startsWith("state")) {
            return "state " + record.state().get().name();
        }
        if (record.injected().isPresent() && action.startsWith("<") && !action.startsWith("< icmp")) {
            return "< " + record.injected().get();
        }
        if (record.failure().isPresent() && !newFd) {
            return "// " + action + "   (failed on " + "this side: " + record.failure().get() + ")";
        }
        return action;
    }
}
