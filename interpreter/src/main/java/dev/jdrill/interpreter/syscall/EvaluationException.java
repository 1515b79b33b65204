package dev.jdrill.interpreter.syscall;

import dev.jdrill.grammar.ast.SourceSpan;

/** A syscall argument that cannot be evaluated (unknown name, bad address), located in the script. */
public final class EvaluationException extends Exception {
    private final transient SourceSpan span;

    public EvaluationException(SourceSpan span, String message) {
        super(message);
        this.span = span;
    }

    public SourceSpan span() {
        return span;
    }
}
