package dev.jdrill.grammar.ast;

/**
 * When an event happens, in exact microseconds parsed from the decimal text (never through a double).
 * Relative times count from the previous event (see DESIGN §2 for which end of it).
 */
public sealed interface EventTime extends Node {

    /** {@code 0.100}: script time since the first event. */
    record Absolute(long micros, SourceSpan span) implements EventTime {
    }

    /** {@code +0.100}: after the previous event. */
    record Relative(long micros, SourceSpan span) implements EventTime {
    }

    /** {@code *}: any time (outbound packets only). */
    record AnyTime(SourceSpan span) implements EventTime {
    }

    /** {@code 0.1~0.2} (relative=false) or {@code +0.1~+0.2} (relative=true); outbound packets only. */
    record Range(long startMicros, long endMicros, boolean relative, SourceSpan span) implements EventTime {
    }

    /** No time written: only produced by {@code ScriptParser.parseLine} for the REPL ("do it now"). */
    record Now(SourceSpan span) implements EventTime {
    }
}
