package dev.jdrill.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Splits the line being edited into words the way the script language does — on blanks and on
 * {@code ( ) , | < > [ ] { } =} — so completion sees {@code SOCK_} in {@code socket(..., SOCK_}; and asks
 * for more lines while a {@code %{} block is open.
 */
final class ScriptLineParser implements Parser {
    private static final String DELIMITERS = " \t\n(),|<>[]{}=`";

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && BlockInput.isIncomplete(line)) {
            throw new EOFError(-1, cursor, "open %{ block", "}%");
        }
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean delimiter = i == line.length() || DELIMITERS.indexOf(line.charAt(i)) >= 0;
            if (!delimiter && start < 0) {
                start = i;
            }
            if (delimiter && start >= 0) {
                if (cursor >= start && cursor <= i) {
                    wordIndex = words.size();
                    wordCursor = cursor - start;
                }
                words.add(line.substring(start, i));
                start = -1;
            }
        }
        if (wordIndex < 0) {
            // The cursor sits on a delimiter: completing starts an empty word there.
            int insertAt = 0;
            for (int i = 0, pos = 0; i < words.size(); i++) {
                pos = line.indexOf(words.get(i), pos);
                if (pos < cursor) {
                    insertAt = i + 1;
                }
                pos += words.get(i).length();
            }
            words.add(insertAt, "");
            wordIndex = insertAt;
            wordCursor = 0;
        }
        return new ScriptParsedLine(line, cursor, List.copyOf(words), wordIndex, wordCursor);
    }

    private record ScriptParsedLine(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
            implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        /** Nothing in the language is quoted or escaped the shell's way: a candidate goes in as it is. */
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
