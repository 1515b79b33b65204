package dev.jdrill.engine;

import dev.jdrill.wire.Errno;

/**
 * How one socket call on the engine ended. A blocking socket's call that cannot complete yet returns
 * {@link WouldBlock}: nothing changed, and the caller retries the same call after the next state
 * change (an inbound segment, a timer) — which is how a blocked thread in the kernel behaves, since
 * every wakeup re-runs the wait condition.
 */
public sealed interface SocketCallResult {

    /** The call returned {@code value} (a byte count, a new fd, an option value, or 0). */
    record Done(long value) implements SocketCallResult {
    }

    /** The call returned -1 with {@code errno}. */
    record Failed(Errno errno) implements SocketCallResult {
    }

    /** A blocking socket would sleep here; retry after the next state change. */
    record WouldBlock() implements SocketCallResult {
    }

    static SocketCallResult ok(long value) {
        return new Done(value);
    }

    static SocketCallResult fail(Errno errno) {
        return new Failed(errno);
    }

    SocketCallResult WOULD_BLOCK = new WouldBlock();
}
