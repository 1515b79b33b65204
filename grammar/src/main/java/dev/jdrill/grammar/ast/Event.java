package dev.jdrill.grammar.ast;

/** One line (or statement) of the timeline: when, and what. The span covers the whole statement. */
public record Event(EventTime time, Action action, SourceSpan span) implements Node {
}
