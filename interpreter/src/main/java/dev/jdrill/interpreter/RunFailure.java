package dev.jdrill.interpreter;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.ast.SourceSpan;
import java.util.Optional;

/**
 * Why a script failed, located at its line: the contract's diagnostic ({@code path:line:col: error:
 * message}, the source line, a caret) followed by the script's segment and the actual one in script
 * notation, the timing with the tolerance used, and one plain sentence of what differs.
 */
public record RunFailure(SourceSpan span, String message, Optional<String> expected, Optional<String> actual,
                         Optional<String> timing, Optional<String> explanation) {

    public static RunFailure of(SourceSpan span, String message) {
        return new RunFailure(span, message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RunFailure withTiming(String text) {
        return new RunFailure(span, message, expected, actual, Optional.of(text), explanation);
    }

    public RunFailure withExplanation(String text) {
        return new RunFailure(span, message, expected, actual, timing, Optional.of(text));
    }

    public RunFailure withSegments(String expectedText, Optional<String> actualText) {
        return new RunFailure(span, message, Optional.of(expectedText), actualText, timing, explanation);
    }

    /** The full report, given the script's text for the source line. */
    public String render(String sourceText) {
        StringBuilder sb = new StringBuilder(Diagnostic.error(span, message).render(sourceText));
        expected.ifPresent(e -> sb.append("\n  script: ").append(e));
        actual.ifPresent(a -> sb.append("\n  actual: ").append(a));
        timing.ifPresent(t -> sb.append("\n  timing: ").append(t));
        explanation.ifPresent(x -> sb.append("\n  ").append(x));
        return sb.toString();
    }

    /** One line, for JUnit XML messages and TAP. */
    public String headline() {
        return span.file() + ":" + span.line() + ":" + span.column() + ": error: " + message;
    }
}
