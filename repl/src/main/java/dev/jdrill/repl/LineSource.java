package dev.jdrill.repl;

import java.util.Optional;

/** Where inputs come from: a terminal with line editing, or a pipe. */
interface LineSource extends AutoCloseable {

    /** The next input (a line, or all the lines of a {@code %{ }%} block); empty at the end of input. */
    Optional<String> next();

    /** Where completion reads the session's current tunables from; only a terminal completes. */
    default void tunables(java.util.function.Supplier<java.util.Map<String, String>> values) {
    }

    @Override
    void close();
}
