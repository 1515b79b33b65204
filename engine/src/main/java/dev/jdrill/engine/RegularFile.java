package dev.jdrill.engine;

/**
 * An open regular file, as far as sendfile needs one: its size and the file position. The engine's
 * payloads are opaque, so what the file holds never matters, only how many bytes it has to give.
 */
final class RegularFile {
    final long size;
    long position;

    RegularFile(long size) {
        this.size = size;
    }

    /** How many of {@code count} bytes are left to read from {@code offset}. */
    long available(long offset, long count) {
        return Math.max(0, Math.min(count, size - offset));
    }
}
