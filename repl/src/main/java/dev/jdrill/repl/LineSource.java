package dev.jdrill.repl;

import java.util.Optional;

/** Where inputs come from: a terminal with line editing, or a pipe. */
interface LineSource extends AutoCloseable {

    /** The next input (a line, or all the lines of a {@code %{ }%} block); empty at the end of input. */
    Optional<String> next();

    @Override
    void close();
}
