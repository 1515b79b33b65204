package dev.jdrill.grammar.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's tokens for a {@code %{ }%} block, enough to tell the integer expressions jdrill evaluates from
 * other Python and from text that is not Python at all. Newlines inside brackets and after a backslash
 * join lines, as in Python; {@code #} starts a comment. Offsets index the text given.
 */
final class PythonTokenizer {

    enum Kind { NAME, NUMBER, FLOAT, STRING, OPERATOR, NEWLINE, INVALID }

    /** {@code message} says what is wrong with an {@link Kind#INVALID} token. */
    record Token(Kind kind, String text, int start, int end, String message) {
        boolean is(String operator) {
            return (kind == Kind.OPERATOR || kind == Kind.NAME) && text.equals(operator);
        }
    }

    /** Longest first, so {@code //=} is not read as {@code //} then {@code =}. */
    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...",
        "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "@=",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "@",
    };
    private static final String STRING_PREFIXES = "rRbBuUfF";

    private final String text;
    private final int end;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int depth;

    private PythonTokenizer(String text, int start, int end) {
        this.text = text;
        this.pos = start;
        this.end = end;
    }

    /** The tokens of {@code text[start, end)}. */
    static List<Token> tokenize(String text, int start, int end) {
        PythonTokenizer tokenizer = new PythonTokenizer(text, start, end);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private void run() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '\n') {
                if (depth == 0) {
                    add(Kind.NEWLINE, pos, pos + 1);
                }
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
                pos++;
            } else if (c == '\\') {
                continuation();
            } else if (c == '#') {
                while (pos < end && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '"' || c == '\'') {
                string(pos, pos);
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < end && Character.isDigit(text.charAt(pos + 1)))) {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                name();
            } else {
                operator();
            }
        }
    }

    private void continuation() {
        int next = pos + 1;
        if (next < end && text.charAt(next) == '\r') {
            next++;
        }
        if (next < end && text.charAt(next) == '\n') {
            pos = next + 1;
        } else {
            invalid(pos, pos + 1, "a backslash continues a line only at its end");
        }
    }

    private void name() {
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String word = text.substring(start, pos);
        boolean prefix = word.length() <= 2 && word.chars().allMatch(ch -> STRING_PREFIXES.indexOf(ch) >= 0);
        if (prefix && pos < end && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            string(start, pos);
        } else {
            add(Kind.NAME, start, pos);
        }
    }

    /** A literal whose quote is at {@code quoteAt} (after any prefix starting at {@code start}). */
    private void string(int start, int quoteAt) {
        char quote = text.charAt(quoteAt);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), quoteAt) && quoteAt + 3 <= end;
        String closing = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        int i = quoteAt + closing.length();
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (text.startsWith(closing, i)) {
                pos = i + closing.length();
                add(Kind.STRING, start, pos);
                return;
            } else if (c == '\n' && !triple) {
                break;
            } else {
                i++;
            }
        }
        pos = Math.min(i, end);
        invalid(start, pos, "unterminated string");
    }

    /** Any literal starting with a digit; the parser decides whether it is an integer it can read. */
    private void number() {
        int start = pos;
        boolean hex = text.regionMatches(true, start, "0x", 0, 2);
        while (pos < end) {
            char c = text.charAt(pos);
            char previous = pos > start ? text.charAt(pos - 1) : ' ';
            boolean exponentSign = !hex && (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
            if (Character.isLetterOrDigit(c) || c == '_' || (c == '.' && !hex) || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        String literal = text.substring(start, pos);
        boolean isFloat = !hex && (literal.contains(".") || literal.matches("[0-9_]+[eE].*"));
        add(isFloat ? Kind.FLOAT : Kind.NUMBER, start, pos);
    }

    private void operator() {
        for (String op : OPERATORS) {
            if (text.startsWith(op, pos) && pos + op.length() <= end) {
                switch (op) {
                    case "(", "[", "{" -> depth++;
                    case ")", "]", "}" -> depth = Math.max(0, depth - 1);
                    default -> {
                    }
                }
                add(Kind.OPERATOR, pos, pos + op.length());
                pos += op.length();
                return;
            }
        }
        int width = Character.charCount(text.codePointAt(pos));
        invalid(pos, pos + width, "'" + text.substring(pos, pos + width) + "' is not Python");
        pos += width;
    }

    private void add(Kind kind, int start, int stop) {
        tokens.add(new Token(kind, text.substring(start, stop), start, stop, ""));
    }

    private void invalid(int start, int stop, String message) {
        tokens.add(new Token(Kind.INVALID, text.substring(start, stop), start, stop, message));
        pos = Math.max(pos, stop);
    }
}
