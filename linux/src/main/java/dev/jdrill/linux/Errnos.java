package dev.jdrill.linux;

import dev.jdrill.wire.Errno;

/** Human-readable errno text for messages: {@code ENOENT (No such file or directory)}. */
final class Errnos {
    private Errnos() {
    }

    static String describe(int errno) {
        return Errno.fromNumber(errno).map(e -> e.name() + " (" + e.description() + ")").orElse("errno " + errno);
    }
}
