package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/**
 * {@code name(args) = result [ERRNO] [(note)]}, optionally blocking ({@code 0.1...0.2 name(...)}).
 * {@code errno} is the macro name (ENOENT...), {@code note} the words in parentheses (strerror text).
 */
public record Syscall(String name, List<Expr> args, Expr result, Optional<String> errno, Optional<String> note,
                      Optional<BlockingEnd> end, SourceSpan span) implements Action {
    public Syscall {
        args = List.copyOf(args);
    }

    /**
     * The {@code ...end} of a blocking call, in microseconds as written. As in packetdrill (run.c
     * adjust_relative_event_times): when the event time is {@link EventTime.Relative}, the end is shifted by
     * the same offset as the start (so {@code +0.1...0.3} ends 0.3 s after the previous event's anchor);
     * otherwise it is an absolute script time.
     */
    public record BlockingEnd(long micros, SourceSpan span) implements Node {
    }
}
