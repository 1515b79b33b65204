package dev.jdrill.grammar.ast;

/**
 * {@code flags [checksum present, key present] sum 0 off 0 key=5 seq 0}. {@code flags} is the numeric GRE
 * flag word (host order) whether written as a number or as a list of present-bits.
 */
public record GreHeader(long flags, long sum, long offset, long key, long sequence, SourceSpan span) implements Node {
    public static final long FLAG_CHECKSUM = 0x8000;
    public static final long FLAG_KEY = 0x2000;
    public static final long FLAG_SEQUENCE = 0x1000;
}
