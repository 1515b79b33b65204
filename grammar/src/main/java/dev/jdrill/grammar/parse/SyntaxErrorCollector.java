package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillLexer;
import dev.jdrill.grammar.Diagnostic;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects syntax errors as diagnostics instead of printing them. Only the first error of a line is kept
 * (the rest are usually echoes of error recovery), and at most {@link #MAX_ERRORS} in all.
 */
final class SyntaxErrorCollector extends BaseErrorListener {
    static final int MAX_ERRORS = 25;

    private final Spans spans;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<Integer> linesWithErrors = new HashSet<>();

    SyntaxErrorCollector(Spans spans) {
        this.spans = spans;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String antlrMessage, RecognitionException e) {
        if (diagnostics.size() >= MAX_ERRORS || !linesWithErrors.add(line)) {
            return;
        }
        IntervalSet expectedTokens = expectedTokens(recognizer, e);
        List<String> expected = expectedTokens == null ? List.of() : ExpectedTokenNames.describe(expectedTokens);
        if (offendingSymbol instanceof Token token) {
            String found = ExpectedTokenNames.found(token);
            String message = expected.isEmpty() ? "unexpected " + found
                    : "expected " + joinAlternatives(expected) + ", found " + found;
            if (token.getType() == JdrillLexer.OTHER) {
                message = "unexpected character " + found + (expected.isEmpty() ? "" : "; expected " + joinAlternatives(expected));
            }
            diagnostics.add(new Diagnostic(spans.of(token), message, expected));
        } else {
            diagnostics.add(new Diagnostic(new dev.jdrill.grammar.ast.SourceSpan(spans.file(), line, charPositionInLine + 1,
                    line, charPositionInLine + 2), "syntax error", expected));
        }
    }

    private static IntervalSet expectedTokens(Recognizer<?, ?> recognizer, RecognitionException e) {
        try {
            if (e != null && e.getExpectedTokens() != null && !e.getExpectedTokens().isNil()) {
                return e.getExpectedTokens();
            }
            if (recognizer instanceof Parser parser) {
                return parser.getExpectedTokens();
            }
        } catch (RuntimeException ignored) {
            // ANTLR cannot always compute the set from an error state; the message then just says what was found.
        }
        return null;
    }

    static String joinAlternatives(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
