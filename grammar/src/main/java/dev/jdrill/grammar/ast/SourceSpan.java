package dev.jdrill.grammar.ast;

/**
 * Where a node came from: 1-based line and column of its first character and of the character just past
 * its end ({@code endColumn} is exclusive). Columns count Unicode code points, a tab counts as one.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {

    /** A span for synthesised nodes and for tests that compare trees while ignoring positions. */
    public static final SourceSpan NONE = new SourceSpan("", 0, 0, 0, 0);

    public static SourceSpan at(String file, int line, int column) {
        return new SourceSpan(file, line, column, line, column + 1);
    }

    /** The smallest span covering both. */
    public SourceSpan to(SourceSpan end) {
        return new SourceSpan(file, line, column, end.endLine, end.endColumn);
    }
}
