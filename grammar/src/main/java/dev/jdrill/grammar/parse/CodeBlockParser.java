package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.CodeExpr;
import dev.jdrill.grammar.ast.CodeStatement;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.parse.PythonTokenizer.Kind;
import dev.jdrill.grammar.parse.PythonTokenizer.Token;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@code %{ }%} token → {@link Code}: the block split into statements, each assert and constant
 * assignment parsed into a {@link CodeExpr} tree. Text that is not Python (an unbalanced bracket, a value
 * missing after an operator, {@code =} where {@code ==} was meant) is a diagnostic at its exact line and
 * column; Python beyond jdrill's integer subset (strings, calls, {@code in}, {@code cwnd += 10}) becomes a
 * {@link CodeStatement.PythonStatement}, which running turns into a SKIP, as before this parse existed.
 */
final class CodeBlockParser {
    private final BuildContext context;

    CodeBlockParser(BuildContext context) {
        this.context = context;
    }

    Code code(org.antlr.v4.runtime.Token token) {
        String raw = Spans.originalText(token);
        CodePositions positions = new CodePositions(context.spans.of(token), raw);
        List<Token> tokens = PythonTokenizer.tokenize(raw, 2, raw.length() - 2);
        List<CodeStatement> statements = new ArrayList<>();
        for (List<Token> statement : split(tokens)) {
            statements.add(new StatementParser(raw, statement, positions, context).statement());
        }
        return new Code(trimmedContent(raw), statements, context.spans.of(token));
    }

    /** Packetdrill strips spaces and tabs (not newlines) from both ends of a %{ }% block. */
    private static String trimmedContent(String raw) {
        String inner = raw.substring(2, raw.length() - 2);
        int start = 0;
        int end = inner.length();
        while (start < end && (inner.charAt(start) == ' ' || inner.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (inner.charAt(end - 1) == ' ' || inner.charAt(end - 1) == '\t')) {
            end--;
        }
        return inner.substring(start, end);
    }

    /** Statements end at a newline outside brackets or at {@code ;}. */
    private static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : tokens) {
            if (t.kind() == Kind.NEWLINE || t.is(";")) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    /** Line and column of an offset into the token's text. */
    static final class CodePositions {
        private final SourceSpan tokenSpan;
        private final String raw;

        CodePositions(SourceSpan tokenSpan, String raw) {
            this.tokenSpan = tokenSpan;
            this.raw = raw;
        }

        SourceSpan span(int start, int end) {
            int[] from = position(start);
            int[] to = position(Math.max(end, start + 1));
            return new SourceSpan(tokenSpan.file(), from[0], from[1], to[0], to[1]);
        }

        private int[] position(int offset) {
            int line = tokenSpan.line();
            int lineStart = 0;
            for (int i = 0; i < offset && i < raw.length(); i++) {
                if (raw.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int end = Math.min(offset, raw.length());
            int column = raw.codePointCount(lineStart, end) + 1 + (lineStart == 0 ? tokenSpan.column() - 1 : 0);
            if (offset > raw.length()) {
                column += offset - raw.length();
            }
            return new int[] {line, column};
        }
    }

    /** Brackets must pair up within a statement (Python's own rule); the first that does not is the error. */
    static java.util.Optional<Token> unbalanced(List<Token> tokens) {
        Deque<Token> open = new ArrayDeque<>();
        for (Token t : tokens) {
            if (t.is("(") || t.is("[") || t.is("{")) {
                open.push(t);
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (open.isEmpty() || !closes(open.pop().text(), t.text())) {
                    return java.util.Optional.of(t);
                }
            }
        }
        return java.util.Optional.ofNullable(open.peekLast());
    }

    private static boolean closes(String opening, String closing) {
        return (opening + closing).equals("()") || (opening + closing).equals("[]") || (opening + closing).equals("{}");
    }
}
