package dev.jdrill.grammar.ast;

/** Every AST node knows where it was written. */
public interface Node {
    SourceSpan span();
}
