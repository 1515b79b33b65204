package dev.jdrill.repl;

import dev.jdrill.interpreter.ObservedSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a session did, kept so that {@code :save} can write it as a script that {@code jdrill run} replays:
 * every event that passed, at the absolute time it ran, and every segment the stack sent on the connection
 * under test as a {@code >} line at its send time — the user's own {@code >} line where one matched it.
 * Failed lines are left out (they would fail the replay); segments of other flows too, since a script's
 * {@code >} lines pass over them.
 */
final class SessionRecording {

    private record Line(long timeMicros, Optional<Long> endMicros, String text, long order) {
    }

    private final List<Line> events = new ArrayList<>();
    private final List<ObservedSegment> segments = new ArrayList<>();
    private final Map<Integer, String> assertedSegments = new HashMap<>();
    private final Map<Integer, Long> segmentOrder = new HashMap<>();
    private long order;

    /**
     * A place in the order of happening, taken before an event runs: what the stack sends in answer comes
     * after it even at the same microsecond.
     */
    long nextPlace() {
        return order++;
    }

    void event(long place, long timeMicros, Optional<Long> endMicros, String actionText) {
        events.add(new Line(timeMicros, endMicros, actionText, place));
    }

    /** A {@code :wait} that ended at {@code micros}, kept as the line that replays it (see {@link WaitLine}). */
    void waited(long place, long micros, String line) {
        events.add(new Line(micros, Optional.empty(), line, place));
    }

    void segment(ObservedSegment segment) {
        if (segment.ofConnectionUnderTest()) {
            segments.add(segment);
            segmentOrder.put(segment.index(), order++);
        }
    }

    /** A {@code >} line of the user's matched this segment: it is written instead of the segment's own. */
    void asserted(int segmentIndex, String actionText) {
        assertedSegments.put(segmentIndex, actionText);
    }

    boolean isEmpty() {
        return events.isEmpty() && segments.isEmpty();
    }

    /** The script: times absolute, shifted so that the first line is at 0 as a script's must be. */
    String render(String header) {
        List<Line> lines = new ArrayList<>(events);
        for (ObservedSegment s : segments) {
            String text = assertedSegments.getOrDefault(s.index(), "> " + s.notation());
            lines.add(new Line(s.timeMicros(), Optional.empty(), text, segmentOrder.get(s.index())));
        }
        lines.sort(Comparator.comparingLong(Line::timeMicros).thenComparingLong(Line::order));
        long zero = lines.isEmpty() ? 0 : lines.getFirst().timeMicros();
        StringBuilder sb = new StringBuilder(header);
        for (Line line : lines) {
            sb.append(seconds(line.timeMicros() - zero));
            line.endMicros().ifPresent(end -> sb.append("...").append(seconds(end - zero)));
            sb.append(' ').append(line.text()).append('\n');
        }
        return sb.toString();
    }

    /** {@code 1.000000} or {@code 1.000000...2.000000}: a script line's absolute time. */
    static String timeText(long startMicros, Optional<Long> endMicros) {
        return seconds(startMicros) + endMicros.map(e -> "..." + seconds(e)).orElse("");
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}
