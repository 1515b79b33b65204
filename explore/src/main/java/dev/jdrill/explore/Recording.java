package dev.jdrill.explore;

import dev.jdrill.wire.TcpState;
import java.util.List;
import java.util.Optional;

/**
 * What one side did with one script, recorded rather than predicted: every segment the stack sent on the
 * connection under test, with its time, and for every line what became of it (a call's result, the state
 * a {@code state} line found, the segment an injected line became, or why the line failed).
 *
 * @param unusable why the run says nothing about the stack (a SKIP, a target error, a script that does not
 *     parse); such a script is not compared
 * @param endMicros when the recording stopped, in script time
 */
public record Recording(Side side, Optional<String> unusable, List<LineRecord> lines, List<RecordedSegment> segments,
                        long endMicros) {

    public Recording {
        lines = List.copyOf(lines);
        segments = List.copyOf(segments);
    }

    public static Recording unusable(Side side, String reason) {
        return new Recording(side, Optional.of(reason), List.of(), List.of(), 0);
    }

    /** What became of one line of the script (1-based {@code line}). */
    public record LineRecord(int line, long startMicros, Optional<String> failure, Optional<CallResult> call,
                             Optional<TcpState> state, Optional<String> injected) {
    }

    /** A call's return: its value and, when it failed, the errno as a script writes it. */
    public record CallResult(String name, long returnValue, Optional<String> errno, Optional<String> errnoNote) {

        /** {@code -1 EAGAIN (Resource temporarily unavailable)} or {@code 0}: the right-hand side of a call line. */
        public String scriptText() {
            return returnValue + errno.map(e -> " " + e + errnoNote.map(n -> " (" + n + ")").orElse("")).orElse("");
        }

        /**
         * What is compared: calls that return a new fd ({@code socket}, {@code accept}) only by success and
         * errno, since each stack numbers its fds its own way.
         */
        public String comparable() {
            boolean returnsFd = name.equals("socket") || name.startsWith("accept");
            return returnsFd && returnValue >= 0 ? "an fd" : scriptText();
        }
    }

    /**
     * A segment the stack sent on the connection under test, in script notation and numbering.
     *
     * @param afterLine the last line that had started when it was sent (0: none), which places it among
     *     lines of the same time
     */
    public record RecordedSegment(long timeMicros, String notation, SegmentFields fields, int afterLine) {

        public RecordedSegment(long timeMicros, String notation, SegmentFields fields) {
            this(timeMicros, notation, fields, 0);
        }

        public String line() {
            return ExploreScript.seconds(timeMicros) + " > " + notation;
        }
    }

    public Optional<LineRecord> line(int line) {
        return lines.stream().filter(l -> l.line() == line).findFirst();
    }
}
