package dev.jdrill.interpreter.code;

import dev.jdrill.interpreter.syscall.SymbolTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a {@code %{ }%} block natively, without Python: statements {@code assert EXPR [, MESSAGE]}
 * separated by newlines or {@code ;}, over {@code tcpi_*} fields of TCP_INFO and the {@code TCP_*}
 * names. EXPR is Python's integer expression syntax: {@code or}, {@code and}, {@code not}, chained
 * comparisons ({@code 200 <= tcpi_rto <= 300}), {@code | ^ & << >> ~}, {@code + - * // / %}, parentheses.
 */
public final class CodeAssertions {

    /** Why a block could not be evaluated at all (a statement other than assert, a syntax error). */
    public static final class UnsupportedCode extends Exception {
        public UnsupportedCode(String message) {
            super(message);
        }
    }

    /** {@code NAME = EXPR}: a constant later statements of the block may use. */
    private static final java.util.regex.Pattern ASSIGNMENT =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(.+)");

    private CodeAssertions() {
    }

    /**
     * Runs every assert of the block.
     *
     * @return the first failing assertion, described ("assert tcpi_probes == 6 failed: tcpi_probes is 5")
     */
    public static Optional<String> evaluate(String code, Map<String, Long> tcpInfo) throws UnsupportedCode {
        Map<String, Long> names = new java.util.HashMap<>(tcpInfo);
        for (String statement : statements(code)) {
            if (statement.startsWith("print(") || statement.startsWith("print ")) {
                continue; // output only; packetdrill's verdict does not depend on it
            }
            java.util.regex.Matcher assignment = ASSIGNMENT.matcher(statement);
            if (assignment.matches()) {
                names.put(assignment.group(1), new ExpressionParser(assignment.group(2), names).parseAssertion());
                continue;
            }
            if (!statement.startsWith("assert ") && !statement.startsWith("assert(")) {
                throw new UnsupportedCode("only assert statements are evaluated natively, not: " + statement);
            }
            String body = statement.substring("assert".length()).trim();
            ExpressionParser parser = new ExpressionParser(body, names);
            long value = parser.parseAssertion();
            if (value == 0) {
                return Optional.of("assert " + parser.conditionText() + " failed" + parser.namesUsed());
            }
        }
        return Optional.empty();
    }

    /** Splits on newlines and semicolons, joining backslash-continued lines; drops comments. */
    static List<String> statements(String code) {
        String joined = code.replace("\\\r\n", " ").replace("\\\n", " ");
        List<String> out = new ArrayList<>();
        for (String line : joined.split("\n")) {
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String part : line.split(";")) {
                String s = part.trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Recursive descent over Python's precedence levels, evaluating as it parses. */
    private static final class ExpressionParser {
        private final String text;
        private final Map<String, Long> fields;
        private final StringBuilder used = new StringBuilder();
        private int pos;
        private int conditionEnd;

        ExpressionParser(String text, Map<String, Long> fields) {
            this.text = text;
            this.fields = fields;
        }

        long parseAssertion() throws UnsupportedCode {
            long value = or();
            conditionEnd = pos;
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == ',') {
                return value; // the message part only matters to Python's traceback
            }
            if (pos < text.length()) {
                throw new UnsupportedCode("cannot evaluate natively: " + text + " (at '" + text.substring(pos) + "')");
            }
            return value;
        }

        String conditionText() {
            return text.substring(0, conditionEnd).trim();
        }

        String namesUsed() {
            return used.isEmpty() ? "" : ": " + used;
        }

        private long or() throws UnsupportedCode {
            long v = and();
            while (keyword("or")) {
                long r = and();
                v = (v != 0 || r != 0) ? 1 : 0;
            }
            return v;
        }

        private long and() throws UnsupportedCode {
            long v = not();
            while (keyword("and")) {
                long r = not();
                v = (v != 0 && r != 0) ? 1 : 0;
            }
            return v;
        }

        private long not() throws UnsupportedCode {
            if (keyword("not")) {
                return not() == 0 ? 1 : 0;
            }
            return comparison();
        }

        private long comparison() throws UnsupportedCode {
            long left = bitOr();
            boolean result = true;
            boolean any = false;
            String op;
            while ((op = comparisonOperator()) != null) {
                long right = bitOr();
                boolean holds = switch (op) {
                    case "==" -> left == right;
                    case "!=" -> left != right;
                    case "<=" -> left <= right;
                    case ">=" -> left >= right;
                    case "<" -> left < right;
                    default -> left > right;
                };
                result &= holds;
                any = true;
                left = right;
            }
            return any ? (result ? 1 : 0) : left;
        }

        private String comparisonOperator() {
            skipSpaces();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            return null;
        }

        private long bitOr() throws UnsupportedCode {
            long v = bitXor();
            while (operator("|")) {
                v |= bitXor();
            }
            return v;
        }

        private long bitXor() throws UnsupportedCode {
            long v = bitAnd();
            while (operator("^")) {
                v ^= bitAnd();
            }
            return v;
        }

        private long bitAnd() throws UnsupportedCode {
            long v = shift();
            while (operator("&")) {
                v &= shift();
            }
            return v;
        }

        private long shift() throws UnsupportedCode {
            long v = sum();
            while (true) {
                if (operator("<<")) {
                    v <<= sum();
                } else if (operator(">>")) {
                    v >>= sum();
                } else {
                    return v;
                }
            }
        }

        /** Consumes a one- or two-character operator that is not the start of a longer one. */
        private boolean operator(String op) {
            skipSpaces();
            if (!text.startsWith(op, pos)) {
                return false;
            }
            int end = pos + op.length();
            char next = end < text.length() ? text.charAt(end) : ' ';
            if (op.length() == 1 && (next == '=' || next == op.charAt(0))) {
                return false;
            }
            pos = end;
            return true;
        }

        private long sum() throws UnsupportedCode {
            long v = product();
            while (true) {
                skipSpaces();
                if (peek('+')) {
                    pos++;
                    v += product();
                } else if (peek('-')) {
                    pos++;
                    v -= product();
                } else {
                    return v;
                }
            }
        }

        private long product() throws UnsupportedCode {
            long v = unary();
            while (true) {
                skipSpaces();
                if (text.startsWith("//", pos)) {
                    pos += 2;
                    v = Math.floorDiv(v, nonZero(unary()));
                } else if (peek('*')) {
                    pos++;
                    v *= unary();
                } else if (peek('/')) {
                    pos++;
                    v = v / nonZero(unary());
                } else if (peek('%')) {
                    pos++;
                    v = Math.floorMod(v, nonZero(unary()));
                } else {
                    return v;
                }
            }
        }

        private long nonZero(long v) throws UnsupportedCode {
            if (v == 0) {
                throw new UnsupportedCode("division by zero in: " + text);
            }
            return v;
        }

        private long unary() throws UnsupportedCode {
            skipSpaces();
            if (peek('-')) {
                pos++;
                return -unary();
            }
            if (peek('~')) {
                pos++;
                return ~unary();
            }
            if (peek('(')) {
                pos++;
                long v = or();
                skipSpaces();
                if (!peek(')')) {
                    throw new UnsupportedCode("missing ')' in: " + text);
                }
                pos++;
                return v;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                int start = pos;
                while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                    pos++;
                }
                String digits = text.substring(start, pos);
                try {
                    return digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new UnsupportedCode("bad number '" + digits + "' in: " + text);
                }
            }
            String name = identifier();
            if (name.isEmpty()) {
                throw new UnsupportedCode("cannot evaluate natively: " + text);
            }
            if (name.equals("True")) {
                return 1;
            }
            if (name.equals("False")) {
                return 0;
            }
            Long field = fields.get(name);
            if (field != null) {
                used.append(used.isEmpty() ? "" : ", ").append(name).append(" is ").append(field);
                return field;
            }
            return SymbolTable.lookup(name).orElseThrow(() -> new UnsupportedCode("unknown name '" + name + "'"));
        }

        private String identifier() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private boolean keyword(String word) {
            skipSpaces();
            if (text.startsWith(word, pos)) {
                int end = pos + word.length();
                if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_') {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }
    }
}
