package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Script;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing. {@code script} is present when the text was syntactically a script; it may still
 * come with semantic diagnostics (a number out of range...). Run a script only when {@code diagnostics} is
 * empty.
 */
public record ParseResult(Optional<Script> script, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return script.isPresent() && diagnostics.isEmpty();
    }
}
