package dev.jdrill.grammar.ast;

/** {@code (label 100, tc 0, [S], ttl 64)}: one MPLS label stack entry; {@code [S]} marks the bottom. */
public record MplsEntry(long label, long trafficClass, boolean bottomOfStack, long ttl, SourceSpan span)
        implements Node {
}
