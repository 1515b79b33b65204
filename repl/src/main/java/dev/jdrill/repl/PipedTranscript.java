package dev.jdrill.repl;

import dev.jdrill.interpreter.ObservedSegment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A piped session's stdout as a script: each line typed that ran, with the absolute time it ran at, then
 * the {@code >} lines of what the stack sent, in time order. The segments are reported while the line
 * runs, so they are held until the line itself is printed; those sent before it (while time advanced to
 * it) come first. A {@code >} line the user typed is printed in place of the segment it matched. Failed
 * lines are left out (their diagnostics go to stderr), so piping the output back in replays the session.
 */
final class PipedTranscript {
    private record Sent(long micros, int index, String text) {
    }

    private final ReplOutput output;
    private final List<Sent> held = new ArrayList<>();

    PipedTranscript(ReplOutput output) {
        this.output = output;
    }

    void sent(ObservedSegment segment) {
        held.add(new Sent(segment.timeMicros(), segment.index(), segment.scriptLine()));
    }

    /** The user's {@code >} line matched segment {@code index}: it replaces the segment's own notation. */
    void asserted(int index, String action) {
        held.replaceAll(s -> s.index() == index
                ? new Sent(s.micros(), s.index(), SessionRecording.timeText(s.micros(), java.util.Optional.empty()) + " " + action)
                : s);
    }

    /** A line that ran at {@code micros}: what was sent before it is printed first. */
    void event(long micros, String line) {
        for (Iterator<Sent> it = held.iterator(); it.hasNext();) {
            Sent s = it.next();
            if (s.micros() < micros) {
                output.line(s.text());
                it.remove();
            }
        }
        output.line(line);
    }

    /** The end of one input: everything sent meanwhile. */
    void flush() {
        held.forEach(s -> output.line(s.text()));
        held.clear();
    }
}
