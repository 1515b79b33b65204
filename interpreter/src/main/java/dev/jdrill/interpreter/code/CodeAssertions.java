package dev.jdrill.interpreter.code;

import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.CodeExpr;
import dev.jdrill.grammar.ast.CodeStatement;
import dev.jdrill.interpreter.syscall.SymbolTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a {@code %{ }%} block natively, without Python, over the expression trees the grammar built
 * when the script was parsed: each {@code assert}, in order, over the {@code tcpi_*} fields of TCP_INFO,
 * the names assigned earlier in the block and the symbolic constants ({@code TCP_CA_Open},
 * {@code TCP_ESTABLISHED}). Prints are skipped (output only); any other Python stops the block with
 * {@link UnsupportedCode}, which the run reports as a SKIP naming it.
 */
public final class CodeAssertions {

    /** Why a block could not be evaluated (Python jdrill does not run, an unknown name, a division by zero). */
    public static final class UnsupportedCode extends Exception {
        public UnsupportedCode(String message) {
            super(message);
        }
    }

    private CodeAssertions() {
    }

    /**
     * An assertion that did not hold.
     *
     * @param message what failed and the values it read ("assert tcpi_probes == 6 failed: tcpi_probes is 5")
     * @param span the failing {@code assert} itself, so a diagnostic's caret points at it and not at {@code %{}
     */
    public record Failure(String message, SourceSpan span) {
    }

    /**
     * Runs every statement of the block.
     *
     * @return the first failing assertion
     */
    public static Optional<Failure> evaluate(Code code, Map<String, Long> tcpInfo) throws UnsupportedCode {
        Map<String, Long> names = new HashMap<>(tcpInfo);
        for (CodeStatement statement : code.statements()) {
            switch (statement) {
                case CodeStatement.Print print -> {
                    // output only; packetdrill's verdict does not depend on it
                }
                case CodeStatement.Assignment assignment ->
                        names.put(assignment.name(), new Evaluation(names).value(assignment.value()));
                case CodeStatement.Assert assertion -> {
                    Evaluation evaluation = new Evaluation(names);
                    if (evaluation.value(assertion.condition()) == 0) {
                        return Optional.of(new Failure("assert " + assertion.conditionText() + " failed"
                                + evaluation.namesUsed(), assertion.span()));
                    }
                }
                case CodeStatement.PythonStatement python -> throw new UnsupportedCode(python.reason());
            }
        }
        return Optional.empty();
    }

    /**
     * One expression's value, with the names read from TCP_INFO or the block noted for the failure text.
     * Like the evaluator it replaces, {@code and}/{@code or} evaluate both sides (no short circuit), so
     * every name the condition reads is reported.
     */
    private static final class Evaluation {
        private final Map<String, Long> names;
        private final StringBuilder used = new StringBuilder();

        Evaluation(Map<String, Long> names) {
            this.names = names;
        }

        String namesUsed() {
            return used.isEmpty() ? "" : ": " + used;
        }

        long value(CodeExpr expr) throws UnsupportedCode {
            return switch (expr) {
                case CodeExpr.Number n -> n.value();
                case CodeExpr.Name n -> name(n.name());
                case CodeExpr.Unary u -> unary(u.operator(), value(u.operand()));
                case CodeExpr.Binary b -> binary(b, value(b.left()), value(b.right()));
                case CodeExpr.Comparison c -> comparison(c);
            };
        }

        private long name(String name) throws UnsupportedCode {
            if (name.equals("True")) {
                return 1;
            }
            if (name.equals("False")) {
                return 0;
            }
            Long field = names.get(name);
            if (field != null) {
                used.append(used.isEmpty() ? "" : ", ").append(name).append(" is ").append(field);
                return field;
            }
            return SymbolTable.lookup(name).orElseThrow(() -> new UnsupportedCode("unknown name '" + name + "'"));
        }

        private static long unary(CodeExpr.UnaryOperator op, long v) {
            return switch (op) {
                case NEGATE -> -v;
                case PLUS -> v;
                case INVERT -> ~v;
                case NOT -> v == 0 ? 1 : 0;
            };
        }

        private static long binary(CodeExpr.Binary b, long l, long r) throws UnsupportedCode {
            return switch (b.operator()) {
                case OR -> (l != 0 || r != 0) ? 1 : 0;
                case AND -> (l != 0 && r != 0) ? 1 : 0;
                case BIT_OR -> l | r;
                case BIT_XOR -> l ^ r;
                case BIT_AND -> l & r;
                case SHIFT_LEFT -> l << r;
                case SHIFT_RIGHT -> l >> r;
                case ADD -> l + r;
                case SUBTRACT -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> l / nonZero(r, b);
                case FLOOR_DIVIDE -> Math.floorDiv(l, nonZero(r, b));
                case MODULO -> Math.floorMod(l, nonZero(r, b));
            };
        }

        private static long nonZero(long v, CodeExpr.Binary b) throws UnsupportedCode {
            if (v == 0) {
                throw new UnsupportedCode("division by zero at line " + b.span().line() + ", column " + b.span().column());
            }
            return v;
        }

        /** {@code a < b <= c} holds when each comparison holds, each operand evaluated once. */
        private long comparison(CodeExpr.Comparison c) throws UnsupportedCode {
            long left = value(c.operands().getFirst());
            boolean holds = true;
            for (int i = 0; i < c.operators().size(); i++) {
                long right = value(c.operands().get(i + 1));
                holds &= switch (c.operators().get(i)) {
                    case EQUAL -> left == right;
                    case NOT_EQUAL -> left != right;
                    case LESS -> left < right;
                    case LESS_OR_EQUAL -> left <= right;
                    case GREATER -> left > right;
                    case GREATER_OR_EQUAL -> left >= right;
                };
                left = right;
            }
            return holds ? 1 : 0;
        }
    }
}
