package dev.jdrill.grammar.ast;

/** Seen from the stack under test: '<' is injected into it, '>' is expected out of it. */
public enum Direction {
    INBOUND('<'), OUTBOUND('>');

    private final char symbol;

    Direction(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }
}
