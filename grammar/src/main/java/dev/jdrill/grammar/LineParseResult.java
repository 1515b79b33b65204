package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Event;

import java.util.List;
import java.util.Optional;

/** The outcome of parsing one REPL line: an event (time {@code Now} when none was typed) or diagnostics. */
public record LineParseResult(Optional<Event> event, List<Diagnostic> diagnostics) {
    public LineParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return event.isPresent() && diagnostics.isEmpty();
    }
}
