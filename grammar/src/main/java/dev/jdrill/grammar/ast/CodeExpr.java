package dev.jdrill.grammar.ast;

import java.util.List;

/**
 * An integer expression of a {@code %{ }%} block, in Python's syntax and precedence: {@code or},
 * {@code and}, {@code not}, chained comparisons, {@code | ^ & << >>}, {@code + - * / // %}, unary
 * {@code - + ~}, parentheses, integers and names.
 */
public sealed interface CodeExpr extends Node {

    /** {@code 42}, {@code 0x7fffffff}, {@code 0o17}, {@code 0b101}. */
    record Number(long value, SourceSpan span) implements CodeExpr {
    }

    /** A {@code tcpi_*} field, a name assigned earlier in the block, a constant ({@code TCP_CA_Open}), {@code True}. */
    record Name(String name, SourceSpan span) implements CodeExpr {
    }

    record Unary(UnaryOperator operator, CodeExpr operand, SourceSpan span) implements CodeExpr {
    }

    record Binary(BinaryOperator operator, CodeExpr left, CodeExpr right, SourceSpan span) implements CodeExpr {
    }

    /** {@code a < b <= c}: each operator compares its two neighbours; {@code operands} has one more entry than {@code operators}. */
    record Comparison(List<CodeExpr> operands, List<ComparisonOperator> operators, SourceSpan span) implements CodeExpr {
        public Comparison {
            operands = List.copyOf(operands);
            operators = List.copyOf(operators);
            if (operands.size() != operators.size() + 1 || operators.isEmpty()) {
                throw new IllegalArgumentException("a comparison needs n operators between n + 1 operands");
            }
        }
    }

    enum UnaryOperator {
        NEGATE("-"), PLUS("+"), INVERT("~"), NOT("not");

        private final String symbol;

        UnaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum BinaryOperator {
        OR("or"), AND("and"), BIT_OR("|"), BIT_XOR("^"), BIT_AND("&"), SHIFT_LEFT("<<"), SHIFT_RIGHT(">>"),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), FLOOR_DIVIDE("//"), MODULO("%");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum ComparisonOperator {
        EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
