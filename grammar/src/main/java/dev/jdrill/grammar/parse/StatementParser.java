package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.ast.CodeExpr;
import dev.jdrill.grammar.ast.CodeExpr.BinaryOperator;
import dev.jdrill.grammar.ast.CodeExpr.ComparisonOperator;
import dev.jdrill.grammar.ast.CodeExpr.UnaryOperator;
import dev.jdrill.grammar.ast.CodeStatement;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.parse.PythonTokenizer.Kind;
import dev.jdrill.grammar.parse.PythonTokenizer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of a {@code %{ }%} block → {@link CodeStatement}, by recursive descent over Python's
 * precedence levels ({@code or}, {@code and}, {@code not}, comparisons, {@code | ^ & << >> + - * / // %},
 * unary {@code - + ~}). Two ways out besides success: {@link NotPython} (a diagnostic: Python itself would
 * reject it) and {@link BeyondSubset} (valid-looking Python jdrill does not evaluate: kept as a
 * {@link CodeStatement.PythonStatement}).
 */
final class StatementParser {
    /** Python's keywords that cannot stand where a value is expected. */
    private static final Set<String> KEYWORDS = Set.of("and", "as", "assert", "async", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private static final class NotPython extends Exception {
        final int start;
        final int end;

        NotPython(int start, int end, String message) {
            super(message, null, false, false);
            this.start = start;
            this.end = end;
        }
    }

    private static final class BeyondSubset extends Exception {
        BeyondSubset(String what) {
            super(what, null, false, false);
        }
    }

    private final String raw;
    private final List<Token> tokens;
    private final CodeBlockParser.CodePositions positions;
    private final BuildContext context;
    private int next;

    StatementParser(String raw, List<Token> tokens, CodeBlockParser.CodePositions positions, BuildContext context) {
        this.raw = raw;
        this.tokens = tokens;
        this.positions = positions;
        this.context = context;
    }

    CodeStatement statement() {
        String text = text(0, tokens.size());
        SourceSpan span = span(0, tokens.size());
        try {
            checkTokens();
            Token first = tokens.getFirst();
            if (first.is("print") && tokens.size() > 1) {
                return new CodeStatement.Print(text, span);
            }
            if (first.is("assert")) {
                return assertion(span);
            }
            if (first.kind() == Kind.NAME && !KEYWORDS.contains(first.text()) && tokens.size() > 1 && tokens.get(1).is("=")) {
                return assignment(first.text(), text, span);
            }
            return new CodeStatement.PythonStatement(text, "only assert statements are evaluated natively, not: " + text, span);
        } catch (NotPython e) {
            context.error(positions.span(e.start, e.end), "in this %{ }% block: " + e.getMessage());
            return new CodeStatement.PythonStatement(text, e.getMessage(), span);
        } catch (BeyondSubset e) {
            return new CodeStatement.PythonStatement(text, "cannot evaluate natively (" + e.getMessage() + "): " + text, span);
        }
    }

    private void checkTokens() throws NotPython {
        for (Token t : tokens) {
            if (t.kind() == Kind.INVALID) {
                throw new NotPython(t.start(), t.end(), t.message());
            }
        }
        Optional<Token> unbalanced = CodeBlockParser.unbalanced(tokens);
        if (unbalanced.isPresent()) {
            Token t = unbalanced.get();
            boolean opening = t.is("(") || t.is("[") || t.is("{");
            throw new NotPython(t.start(), t.end(), opening ? "'" + t.text() + "' is never closed" : "unmatched '" + t.text() + "'");
        }
    }

    private CodeStatement assertion(SourceSpan span) throws NotPython, BeyondSubset {
        next = 1;
        CodeExpr condition = expression("the assert");
        int conditionEnd = next;
        if (peek().isPresent()) {
            Token t = peek().get();
            if (!t.is(",")) {
                throw unexpected(t, "after the assert's condition");
            }
            if (next + 1 >= tokens.size()) {
                throw new NotPython(t.start(), t.end(), "the assert's message is missing after ','");
            }
        }
        return new CodeStatement.Assert(condition, text(1, conditionEnd), span);
    }

    private CodeStatement assignment(String name, String text, SourceSpan span) throws NotPython, BeyondSubset {
        next = 2;
        CodeExpr value = expression("'" + name + " ='");
        if (peek().isPresent()) {
            Token t = peek().get();
            if (t.is(",") || t.is("=")) {
                throw new BeyondSubset(t.is(",") ? "a tuple" : "a chained assignment");
            }
            throw unexpected(t, "after the value of " + name);
        }
        return new CodeStatement.Assignment(name, value, span);
    }

    private NotPython unexpected(Token t, String where) {
        String hint = t.is("=") ? " (compare with '==')" : "";
        return new NotPython(t.start(), t.end(), "unexpected '" + t.text() + "' " + where + hint);
    }

    // ------------------------------------------------------------------ expressions, loosest first

    /** A whole expression; {@code owner} names what it belongs to, for "expected a value" errors. */
    private CodeExpr expression(String owner) throws NotPython, BeyondSubset {
        if (peek().isEmpty()) {
            throw missingValue(owner);
        }
        CodeExpr e = or();
        if (peekIs("if")) {
            throw new BeyondSubset("a conditional expression");
        }
        if (peekIs("for")) {
            throw new BeyondSubset("a generator");
        }
        return e;
    }

    private CodeExpr or() throws NotPython, BeyondSubset {
        CodeExpr left = and();
        while (accept("or")) {
            left = binary(BinaryOperator.OR, left, and());
        }
        return left;
    }

    private CodeExpr and() throws NotPython, BeyondSubset {
        CodeExpr left = not();
        while (accept("and")) {
            left = binary(BinaryOperator.AND, left, not());
        }
        return left;
    }

    private CodeExpr not() throws NotPython, BeyondSubset {
        int start = next;
        if (accept("not")) {
            CodeExpr operand = not();
            return new CodeExpr.Unary(UnaryOperator.NOT, operand, span(start, next));
        }
        return comparison();
    }

    private CodeExpr comparison() throws NotPython, BeyondSubset {
        int start = next;
        List<CodeExpr> operands = new ArrayList<>(List.of(bitOr()));
        List<ComparisonOperator> operators = new ArrayList<>();
        while (true) {
            if (peekIs("in") || peekIs("is") || (peekIs("not") && next + 1 < tokens.size() && tokens.get(next + 1).is("in"))) {
                throw new BeyondSubset("'" + peek().get().text() + "'");
            }
            Optional<ComparisonOperator> op = comparisonOperator();
            if (op.isEmpty()) {
                break;
            }
            operators.add(op.get());
            operands.add(bitOr());
        }
        return operators.isEmpty() ? operands.getFirst() : new CodeExpr.Comparison(operands, operators, span(start, next));
    }

    private Optional<ComparisonOperator> comparisonOperator() {
        for (ComparisonOperator op : ComparisonOperator.values()) {
            if (accept(op.symbol())) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private CodeExpr bitOr() throws NotPython, BeyondSubset {
        CodeExpr left = bitXor();
        while (accept("|")) {
            left = binary(BinaryOperator.BIT_OR, left, bitXor());
        }
        return left;
    }

    private CodeExpr bitXor() throws NotPython, BeyondSubset {
        CodeExpr left = bitAnd();
        while (accept("^")) {
            left = binary(BinaryOperator.BIT_XOR, left, bitAnd());
        }
        return left;
    }

    private CodeExpr bitAnd() throws NotPython, BeyondSubset {
        CodeExpr left = shift();
        while (accept("&")) {
            left = binary(BinaryOperator.BIT_AND, left, shift());
        }
        return left;
    }

    private CodeExpr shift() throws NotPython, BeyondSubset {
        CodeExpr left = sum();
        while (true) {
            if (accept("<<")) {
                left = binary(BinaryOperator.SHIFT_LEFT, left, sum());
            } else if (accept(">>")) {
                left = binary(BinaryOperator.SHIFT_RIGHT, left, sum());
            } else {
                return left;
            }
        }
    }

    private CodeExpr sum() throws NotPython, BeyondSubset {
        CodeExpr left = product();
        while (true) {
            if (accept("+")) {
                left = binary(BinaryOperator.ADD, left, product());
            } else if (accept("-")) {
                left = binary(BinaryOperator.SUBTRACT, left, product());
            } else {
                return left;
            }
        }
    }

    private CodeExpr product() throws NotPython, BeyondSubset {
        CodeExpr left = unary();
        while (true) {
            if (accept("*")) {
                left = binary(BinaryOperator.MULTIPLY, left, unary());
            } else if (accept("//")) {
                left = binary(BinaryOperator.FLOOR_DIVIDE, left, unary());
            } else if (accept("/")) {
                left = binary(BinaryOperator.DIVIDE, left, unary());
            } else if (accept("%")) {
                left = binary(BinaryOperator.MODULO, left, unary());
            } else if (peekIs("@")) {
                throw new BeyondSubset("'@'");
            } else {
                return left;
            }
        }
    }

    private CodeExpr unary() throws NotPython, BeyondSubset {
        int start = next;
        UnaryOperator op = accept("-") ? UnaryOperator.NEGATE : accept("+") ? UnaryOperator.PLUS
                : accept("~") ? UnaryOperator.INVERT : null;
        if (op != null) {
            CodeExpr operand = unary();
            return new CodeExpr.Unary(op, operand, span(start, next));
        }
        CodeExpr atom = atom();
        if (peekIs("**")) {
            throw new BeyondSubset("'**'");
        }
        if (peekIs("(") || peekIs("[") || peekIs(".")) {
            throw new BeyondSubset(peekIs("(") ? "a call" : peekIs("[") ? "a subscript" : "an attribute");
        }
        return atom;
    }

    private CodeExpr atom() throws NotPython, BeyondSubset {
        Optional<Token> peeked = peek();
        if (peeked.isEmpty()) {
            throw missingValue("the expression");
        }
        Token t = peeked.get();
        switch (t.kind()) {
            case NUMBER -> {
                next++;
                return new CodeExpr.Number(integer(t), span(next - 1, next));
            }
            case NAME -> {
                if (t.is("lambda") || t.is("None") || t.is("await") || t.is("yield")) {
                    throw new BeyondSubset("'" + t.text() + "'");
                }
                if (KEYWORDS.contains(t.text())) {
                    throw new NotPython(t.start(), t.end(), "expected a value, found '" + t.text() + "'");
                }
                next++;
                return new CodeExpr.Name(t.text(), span(next - 1, next));
            }
            case FLOAT -> throw new BeyondSubset("a float");
            case STRING -> throw new BeyondSubset("a string");
            case OPERATOR -> {
                if (t.is("(")) {
                    return parenthesised();
                }
                if (t.is("[") || t.is("{")) {
                    throw new BeyondSubset(t.is("[") ? "a list" : "a dict or set");
                }
                if (t.is("...")) {
                    throw new BeyondSubset("'...'");
                }
                throw new NotPython(t.start(), t.end(), "expected a value before '" + t.text() + "'");
            }
            case NEWLINE, INVALID -> throw new NotPython(t.start(), t.end(), "expected a value");
        }
        throw new IllegalStateException("unreachable");
    }

    private CodeExpr parenthesised() throws NotPython, BeyondSubset {
        Token open = tokens.get(next++);
        if (peekIs(")")) {
            throw new BeyondSubset("an empty tuple");
        }
        CodeExpr inner = expression("'('");
        if (peekIs(",")) {
            throw new BeyondSubset("a tuple");
        }
        if (!accept(")")) {
            Token t = peek().orElse(open);
            throw new NotPython(t.start(), t.end(), t == open ? "'(' is never closed" : "expected ')' before '" + t.text() + "'");
        }
        return inner;
    }

    private long integer(Token t) throws NotPython, BeyondSubset {
        String digits = t.text().replace("_", "");
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
        String body = radix == 10 ? digits : digits.substring(2);
        if (radix == 10 && body.length() > 1 && body.startsWith("0") && !body.chars().allMatch(c -> c == '0')) {
            throw new NotPython(t.start(), t.end(), "leading zeros in '" + t.text() + "' (Python writes octal as 0o...)");
        }
        if (body.isEmpty() || t.text().endsWith("_") || !body.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
            throw new NotPython(t.start(), t.end(), "'" + t.text() + "' is not a number");
        }
        try {
            return Long.parseLong(body, radix);
        } catch (NumberFormatException e) {
            throw new BeyondSubset("an integer beyond 64 bits");
        }
    }

    // ------------------------------------------------------------------ tokens

    private CodeExpr binary(BinaryOperator op, CodeExpr left, CodeExpr right) {
        return new CodeExpr.Binary(op, left, right, left.span().to(right.span()));
    }

    private NotPython missingValue(String owner) {
        Token last = tokens.get(Math.min(next, tokens.size()) - 1);
        return new NotPython(last.end(), last.end() + 1, owner.equals("the expression")
                ? "expected a value after '" + last.text() + "'" : owner + " has no value after '" + last.text() + "'");
    }

    private Optional<Token> peek() {
        return next < tokens.size() ? Optional.of(tokens.get(next)) : Optional.empty();
    }

    private boolean peekIs(String text) {
        return peek().filter(t -> t.is(text)).isPresent();
    }

    private boolean accept(String text) {
        if (peekIs(text)) {
            next++;
            return true;
        }
        return false;
    }

    private SourceSpan span(int fromToken, int toToken) {
        int last = Math.max(fromToken, toToken - 1);
        return positions.span(tokens.get(fromToken).start(), tokens.get(Math.min(last, tokens.size() - 1)).end());
    }

    /** The statement's source from token {@code from} to just before token {@code to}, continuations joined. */
    private String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return raw.substring(tokens.get(from).start(), tokens.get(to - 1).end()).replace("\\\r\n", " ").replace("\\\n", " ");
    }
}
