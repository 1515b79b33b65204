package dev.jdrill.linux;

/**
 * What a C library call returned, with the errno it left when it failed (0 otherwise). Captured at the
 * call itself, because the JVM may make other native calls on the same thread before Java code could
 * read errno.
 */
public record SyscallResult(long value, int errno) {

    public boolean failed() {
        return value < 0;
    }

    public int intValue() {
        return (int) value;
    }

    /** The value, or an exception naming the call and the errno when it failed (for setup code only). */
    public long orThrow(String what) throws LinuxException {
        if (failed()) {
            throw new LinuxException(what + " failed: " + Errnos.describe(errno));
        }
        return value;
    }
}
