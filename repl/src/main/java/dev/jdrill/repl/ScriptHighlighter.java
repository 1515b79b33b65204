package dev.jdrill.repl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the line being edited by token kind: time, direction, flags, syscall names, constants, numbers,
 * commands and comments. Lexical only (a half-typed line must colour too), so it never needs the parser.
 */
final class ScriptHighlighter implements Highlighter {
    private static final Pattern TOKEN = Pattern.compile(
            "(?<comment>//.*)"
            + "|(?<command>^\\s*:\\w+)"
            + "|(?<backtick>`[^`]*`?)"
            + "|(?<block>%\\{|}%)"
            + "|(?<time>^\\s*(?:\\+?\\d+(?:\\.\\d+)?(?:~\\+?\\d+(?:\\.\\d+)?|\\.\\.\\.\\+?\\d+(?:\\.\\d+)?)?|\\*))"
            + "|(?<direction>(?<=^|\\s)[<>](?=\\s))"
            + "|(?<word>[A-Za-z_][A-Za-z0-9_]*)"
            + "|(?<number>\\d+(?:[.:]\\d+)*(?:\\(\\d+\\))?)");

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        Matcher m = TOKEN.matcher(buffer);
        int at = 0;
        boolean afterDirection = false;
        while (m.find()) {
            sb.append(buffer, at, m.start());
            sb.styled(style(m, afterDirection), m.group());
            if (m.group("direction") != null) {
                afterDirection = true;
            } else if (m.group("word") != null || m.group("number") != null) {
                afterDirection = false;
            }
            at = m.end();
        }
        sb.append(buffer.substring(at));
        return sb.toAttributedString();
    }

    private static AttributedStyle style(Matcher m, boolean afterDirection) {
        AttributedStyle plain = AttributedStyle.DEFAULT;
        if (m.group("comment") != null) {
            return plain.faint();
        }
        if (m.group("command") != null) {
            return plain.bold().foreground(AttributedStyle.MAGENTA);
        }
        if (m.group("backtick") != null || m.group("block") != null) {
            return plain.foreground(AttributedStyle.MAGENTA);
        }
        if (m.group("time") != null) {
            return plain.foreground(AttributedStyle.CYAN);
        }
        if (m.group("direction") != null) {
            return plain.bold().foreground(m.group().equals("<") ? AttributedStyle.YELLOW : AttributedStyle.GREEN);
        }
        if (m.group("word") != null) {
            String w = m.group();
            if (afterDirection) {
                return plain.bold();
            }
            if (CompletionWords.SYSCALLS.contains(w) || w.equals("state")) {
                return plain.foreground(AttributedStyle.BLUE).bold();
            }
            if (w.startsWith("E") && w.equals(w.toUpperCase(java.util.Locale.ROOT)) && CompletionWords.CONSTANTS.contains(w)) {
                return plain.foreground(AttributedStyle.RED);
            }
            if (CompletionWords.CONSTANTS.contains(w) || CompletionWords.STATES.contains(w)) {
                return plain.foreground(AttributedStyle.BLUE);
            }
            return plain;
        }
        return plain.foreground(AttributedStyle.YELLOW);
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
        // Errors are reported after Enter, with the diagnostic's caret.
    }

    @Override
    public void setErrorIndex(int errorIndex) {
        // As above.
    }
}
