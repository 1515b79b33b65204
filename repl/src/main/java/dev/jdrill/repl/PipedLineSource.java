package dev.jdrill.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Inputs from a pipe or file: no prompt, no echo, so stdout carries only what the session prints. */
final class PipedLineSource implements LineSource {
    private final BufferedReader reader;

    PipedLineSource(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    public Optional<String> next() {
        try {
            String line = reader.readLine();
            if (line == null) {
                return Optional.empty();
            }
            StringBuilder input = new StringBuilder(line);
            while (BlockInput.isIncomplete(input.toString())) {
                String more = reader.readLine();
                if (more == null) {
                    break;
                }
                input.append('\n').append(more);
            }
            return Optional.of(input.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // stdin belongs to the process.
    }
}
