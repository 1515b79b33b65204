package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.TraceEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A trace turned into the diagram's rows, top to bottom: in time order, each derived state change right
 * after the entry that caused it, and each unmet expectation paired with what the stack sent instead.
 */
final class LadderRows {

    sealed interface Row {
        long micros();

        int line();
    }

    /** An injected ({@code inbound}) or sent segment; {@code expectation} when the run failed on it. */
    record Segment(long micros, int line, boolean inbound, TraceEntry entry, Optional<TraceEntry.Window> window,
                   Optional<TraceEntry.Expected> expectation) implements Row {
    }

    /** What the script expected at this point; {@code actual} is what the stack sent instead, if anything. */
    record Expectation(long micros, int line, TraceEntry.Expected expected, Optional<TraceEntry.Sent> actual) implements Row {
    }

    record Call(long micros, int line, TraceEntry.CallReturned call) implements Row {
    }

    record State(long micros, int line, StackStateMachine.StateChange change) implements Row {
    }

    private LadderRows() {
    }

    static List<Row> of(List<TraceEntry> trace) {
        List<TraceEntry> sorted = new ArrayList<>(trace);
        // Stable: same-time entries keep the order they happened in.
        sorted.sort(Comparator.comparingLong(TraceEntry::timeMicros));
        expectationsBeforeTheirSegment(sorted);
        List<StackStateMachine.StateChange> changes = StackStateMachine.changes(sorted);
        List<Row> rows = new ArrayList<>();
        int nextChange = 0;
        for (int i = 0; i < sorted.size(); i++) {
            TraceEntry e = sorted.get(i);
            rowFor(e, sorted).ifPresent(rows::add);
            while (nextChange < changes.size() && changes.get(nextChange).afterEntry() == i) {
                StackStateMachine.StateChange c = changes.get(nextChange++);
                rows.add(new State(c.timeMicros(), c.seenLine(), c));
            }
        }
        return List.copyOf(rows);
    }

    /**
     * The interpreter records an unmet expectation after the segment it compared; at the same instant the
     * diagram reads better with the expectation drawn right above that segment.
     */
    private static void expectationsBeforeTheirSegment(List<TraceEntry> sorted) {
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i) instanceof TraceEntry.Expected x) {
                Optional<TraceEntry.Sent> actual = actualFor(x, sorted);
                if (actual.isPresent() && actual.get().timeMicros() == x.timeMicros()) {
                    int at = sorted.indexOf(actual.get());
                    if (at < i) {
                        sorted.remove(i);
                        sorted.add(at, x);
                    }
                }
            }
        }
    }

    private static Optional<Row> rowFor(TraceEntry e, List<TraceEntry> sorted) {
        return switch (e) {
            case TraceEntry.Injected in -> Optional.of(new Segment(in.timeMicros(), in.line(), true, in, Optional.empty(),
                    Optional.empty()));
            case TraceEntry.Sent out -> Optional.of(new Segment(out.timeMicros(), out.line(), false, out, out.window(),
                    expectationFor(out, sorted)));
            case TraceEntry.Expected x -> Optional.of(new Expectation(x.timeMicros(), x.line(), x, actualFor(x, sorted)));
            case TraceEntry.CallReturned c -> Optional.of(new Call(c.timeMicros(), c.line(), c));
            // A state seen is drawn as the state change it confirms or reveals (see StackStateMachine).
            case TraceEntry.StateSeen s -> Optional.empty();
        };
    }

    /** The segment the failing {@code >} line was compared with: the last one sent for that line. */
    private static Optional<TraceEntry.Sent> actualFor(TraceEntry.Expected x, List<TraceEntry> trace) {
        Optional<TraceEntry.Sent> found = Optional.empty();
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Sent s && s.line() == x.line() && x.line() != 0) {
                found = Optional.of(s);
            }
        }
        return found;
    }

    private static Optional<TraceEntry.Expected> expectationFor(TraceEntry.Sent s, List<TraceEntry> trace) {
        if (s.line() == 0) {
            return Optional.empty();
        }
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Expected x && x.line() == s.line() && actualFor(x, trace).orElse(null) == s) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }
}
