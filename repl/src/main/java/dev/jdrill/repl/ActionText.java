package dev.jdrill.repl;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.ast.SourceSpan;

/**
 * The text of an event without its time, cut from the source it was parsed from, so a saved session
 * keeps what the user wrote (shorthand, {@code <...>}, comments aside) and only the time is rewritten.
 */
final class ActionText {

    private ActionText() {
    }

    static String of(String source, Event event) {
        String whole = slice(source, event.span());
        SourceSpan timeEnd = switch (event.time()) {
            case EventTime.Now n -> null;
            default -> event.action() instanceof Syscall s && s.end().isPresent() ? s.end().get().span() : event.time().span();
        };
        if (timeEnd == null) {
            return whole.strip();
        }
        String time = slice(source, new SourceSpan(event.span().file(), event.span().line(), event.span().column(),
                timeEnd.endLine(), timeEnd.endColumn()));
        return whole.substring(Math.min(time.length(), whole.length())).strip();
    }

    /** The text a span covers (columns are 1-based code points, the end exclusive). */
    static String slice(String source, SourceSpan span) {
        String[] lines = source.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int line = span.line(); line <= span.endLine() && line <= lines.length; line++) {
            String text = lines[line - 1];
            int from = line == span.line() ? offset(text, span.column()) : 0;
            int to = line == span.endLine() ? offset(text, span.endColumn()) : text.length();
            if (line > span.line()) {
                sb.append('\n');
            }
            sb.append(text, Math.min(from, to), to);
        }
        return sb.toString();
    }

    private static int offset(String text, int column) {
        int points = Math.max(0, Math.min(column - 1, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, points);
    }
}
