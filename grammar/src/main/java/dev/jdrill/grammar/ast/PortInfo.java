package dev.jdrill.grammar.ast;

/** {@code 1111>2222} before the TCP flags or UDP length: explicit ports instead of the script's defaults. */
public record PortInfo(int src, int dst, SourceSpan span) implements Node {
}
