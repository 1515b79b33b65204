package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.SourceSpan;

import java.util.List;

/**
 * One error found in a script, located at {@code span} (its start is what the caret points at).
 * {@code expected} lists, in readable words, what would have been accepted there (empty when not a
 * syntax error).
 */
public record Diagnostic(SourceSpan span, String message, List<String> expected) {

    /** Longest stretch of a source line shown; a 1 MB line is clipped to a window around the column. */
    static final int MAX_SHOWN = 160;

    public Diagnostic {
        expected = List.copyOf(expected);
    }

    public static Diagnostic error(SourceSpan span, String message) {
        return new Diagnostic(span, message, List.of());
    }

    /** {@code path:line:col: error: message}. */
    public String header() {
        return span.file() + ":" + span.line() + ":" + span.column() + ": error: " + message;
    }

    /**
     * The contract form: the header, then the offending source line and a caret under the column. Tabs
     * before the column are copied into the caret line so the caret lines up in any tab setting.
     */
    public String render(String sourceText) {
        String line = sourceLine(sourceText, span.line());
        if (line == null) {
            return header();
        }
        int caretIndex = Math.max(0, Math.min(span.column() - 1, line.length()));
        int from = 0;
        int to = line.length();
        if (line.length() > MAX_SHOWN) {
            from = Math.max(0, Math.min(caretIndex - MAX_SHOWN / 2, line.length() - MAX_SHOWN));
            to = Math.min(line.length(), from + MAX_SHOWN);
        }
        String prefix = from > 0 ? "..." : "";
        String suffix = to < line.length() ? "..." : "";
        String shown = printable(line.substring(from, to));
        StringBuilder caret = new StringBuilder(prefix.length() + caretIndex - from + 1);
        caret.append(" ".repeat(prefix.length()));
        for (int i = from; i < caretIndex; i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return header() + "\n" + prefix + shown + suffix + "\n" + caret;
    }

    /** The 1-based line of the text, without its line terminator, or null when there is no such line. */
    static String sourceLine(String text, int lineNumber) {
        if (lineNumber < 1) {
            return null;
        }
        int start = 0;
        for (int n = 1; n < lineNumber; n++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) {
            end = text.length();
        }
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, end);
    }

    /** Control characters (other than tab) would garble a terminal; show them as '?' keeping the width. */
    private static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? s : out.toString();
    }
}
