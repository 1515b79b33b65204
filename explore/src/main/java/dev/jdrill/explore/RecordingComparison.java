package dev.jdrill.explore;

import dev.jdrill.explore.Recording.LineRecord;
import dev.jdrill.explore.Recording.RecordedSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Compares two recordings of the same script: the segments each stack sent on the connection under test,
 * pairwise in send order (flags, seq, ack, window, options, then the time within the tolerance), and every
 * line's outcome (call results, states found, lines that failed on one side only). The earliest difference
 * is the one reported: whatever follows it may only be its consequence.
 */
public final class RecordingComparison {
    /** packetdrill's share of the gap since the previous event that a time may be off by. */
    private static final double TOLERANCE_SHARE = 0.125;

    private final long toleranceUsecs;

    public RecordingComparison(long toleranceUsecs) {
        this.toleranceUsecs = toleranceUsecs;
    }

    public Optional<Divergence> compare(Recording first, Recording second) {
        List<Divergence> found = new ArrayList<>();
        segmentDifference(first, second).ifPresent(found::add);
        lineDifference(first, second).ifPresent(found::add);
        // The earliest wins; at the same instant a line (the cause) before a segment (its effect).
        return found.stream().min(Comparator.comparingLong(Divergence::atMicros)
                .thenComparing(d -> d.line() == 0 ? 1 : 0));
    }

    private Optional<Divergence> segmentDifference(Recording first, Recording second) {
        // Segments in the last tolerance window before either recording stopped may have made it into one
        // recording and not the other only by the wall clock: they are compared by neither.
        long cut = Math.min(first.endMicros(), second.endMicros()) - toleranceUsecs;
        List<RecordedSegment> a = first.segments().stream().filter(s -> s.timeMicros() <= cut).toList();
        List<RecordedSegment> b = second.segments().stream().filter(s -> s.timeMicros() <= cut).toList();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            RecordedSegment x = a.get(i);
            RecordedSegment y = b.get(i);
            long at = Math.min(x.timeMicros(), y.timeMicros());
            Optional<SegmentFields.FieldDifference> d = x.fields().firstDifference(y.fields());
            if (d.isPresent()) {
                return Optional.of(new Divergence(Divergence.Kind.SEGMENT, d.get().field(), at, 0, x.notation(), y.notation()));
            }
            long allowed = allowed(first, a, i);
            if (Math.abs(x.timeMicros() - y.timeMicros()) > allowed) {
                return Optional.of(new Divergence(Divergence.Kind.TIMING, "time", at, 0,
                        x.notation() + " at " + ExploreScript.seconds(x.timeMicros()),
                        y.notation() + " at " + ExploreScript.seconds(y.timeMicros())));
            }
        }
        if (a.size() > b.size()) {
            RecordedSegment x = a.get(b.size());
            return Optional.of(new Divergence(Divergence.Kind.MISSING_SEGMENT, "", x.timeMicros(), 0, x.notation(), "nothing"));
        }
        if (b.size() > a.size()) {
            RecordedSegment y = b.get(a.size());
            return Optional.of(new Divergence(Divergence.Kind.MISSING_SEGMENT, "", y.timeMicros(), 0, "nothing", y.notation()));
        }
        return Optional.empty();
    }

    /**
     * How far apart the i-th segments may be: packetdrill's tolerance, the larger of a fixed time and
     * 12.5 % of the gap since the previous thing that happened (an event or the previous segment).
     */
    private long allowed(Recording reference, List<RecordedSegment> segments, int index) {
        long t = segments.get(index).timeMicros();
        long previous = index > 0 ? segments.get(index - 1).timeMicros() : 0;
        for (LineRecord l : reference.lines()) {
            if (l.startMicros() <= t) {
                previous = Math.max(previous, l.startMicros());
            }
        }
        return Math.max(toleranceUsecs, Math.round((t - previous) * TOLERANCE_SHARE));
    }

    private static Optional<Divergence> lineDifference(Recording first, Recording second) {
        for (LineRecord x : first.lines()) {
            Optional<LineRecord> other = second.line(x.line());
            if (other.isEmpty()) {
                continue;
            }
            LineRecord y = other.get();
            long at = Math.min(x.startMicros(), y.startMicros());
            String callX = x.call().map(Recording.CallResult::comparable).orElse("no return");
            String callY = y.call().map(Recording.CallResult::comparable).orElse("no return");
            if (!callX.equals(callY)) {
                String name = x.call().or(y::call).map(Recording.CallResult::name).orElse("call");
                return Optional.of(new Divergence(Divergence.Kind.CALL, name, at, x.line(), callX, callY));
            }
            if (!x.state().equals(y.state())) {
                return Optional.of(new Divergence(Divergence.Kind.STATE, "", at, x.line(),
                        x.state().map(Enum::name).orElse("unknown"), y.state().map(Enum::name).orElse("unknown")));
            }
            String failX = ownFailure(x);
            String failY = ownFailure(y);
            if (!failX.equals(failY)) {
                return Optional.of(new Divergence(Divergence.Kind.LINE, "", at, x.line(), failX, failY));
            }
        }
        return Optional.empty();
    }

    /**
     * A line's failure when it is not about a result the line wrote down (those are compared as results):
     * "passes" otherwise.
     */
    private static String ownFailure(LineRecord l) {
        if (l.failure().isEmpty()) {
            return "passes";
        }
        String m = l.failure().get();
        if (m.startsWith("runtime error in") || m.startsWith("expected state")) {
            return "passes";
        }
        return m.replaceAll("\\d+\\.\\d+", "T");
    }
}
