package dev.jdrill.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Inputs from a terminal: line editing, persistent history, completion, highlighting, {@code %{ }%} continuation. */
final class TerminalLineSource implements LineSource {
    private static final String PROMPT = "jdrill> ";
    private static final String CONTINUATION = "   ...> ";

    private final Terminal terminal;
    private final LineReader reader;
    private final ScriptCompleter completer = new ScriptCompleter();

    private TerminalLineSource(Terminal terminal, Path history) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jdrill")
                .parser(new ScriptLineParser())
                .completer(completer)
                .highlighter(new ScriptHighlighter())
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
    }

    static TerminalLineSource open(Path history) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).name("jdrill").build();
        return new TerminalLineSource(terminal, history);
    }

    /** Output through the terminal, so what the session prints never tears the line being edited. */
    PrintWriter writer() {
        return terminal.writer();
    }

    @Override
    public void tunables(java.util.function.Supplier<java.util.Map<String, String>> values) {
        completer.tunables(values);
    }

    @Override
    public Optional<String> next() {
        while (true) {
            try {
                return Optional.of(reader.readLine(PROMPT));
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as in a shell; Ctrl-D leaves.
            } catch (EndOfFileException e) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // Losing history is no reason to fail leaving.
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Nothing left to do with the terminal.
        }
    }
}
