package dev.jdrill.grammar.ast;

/** A backtick shell command; {@code text} is what is between the backticks, newlines included. */
public record Command(String text, SourceSpan span) implements Action {
}
