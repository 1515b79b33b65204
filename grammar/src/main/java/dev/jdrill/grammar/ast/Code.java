package dev.jdrill.grammar.ast;

/** A {@code %{ ... }%} block; {@code text} is its content with spaces and tabs trimmed at both ends (as packetdrill). */
public record Code(String text, SourceSpan span) implements Action {
}
