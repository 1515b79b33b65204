package dev.jdrill.engine;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * A socket's sk_error_queue: zerocopy completions and TX timestamps, read one at a time by
 * recvmsg(MSG_ERRQUEUE) (sock_dequeue_err_skb). A zerocopy completion whose id range continues the
 * one at the tail is merged into it (skb_zerocopy_notify_extend), so a reader that waits sees one
 * range [lo, hi] for many sends.
 */
final class ErrorQueue {
    private final ArrayDeque<ExtendedError> entries = new ArrayDeque<>();
    /** Bumped on every queued entry (sk_error_report): the wakeup an edge-triggered epoll reports. */
    private long reports;

    boolean isEmpty() {
        return entries.isEmpty();
    }

    long reports() {
        return reports;
    }

    Optional<ExtendedError> poll() {
        return Optional.ofNullable(entries.pollFirst());
    }

    void add(ExtendedError e) {
        entries.addLast(e);
        reports++;
    }

    /** __msg_zerocopy_callback: ids lo..hi completed; extends the tail entry when it ends at lo - 1. */
    void addZerocopyCompletion(long lo, long hi, boolean copied) {
        ExtendedError tail = entries.peekLast();
        long len = hi - lo + 1;
        if (tail != null && tail.origin() == ExtendedError.ORIGIN_ZEROCOPY
                && lo == ((tail.data() + 1) & 0xffffffffL)
                && (tail.data() - tail.info() + 1) + len < (1L << 32)) {
            entries.pollLast();
            entries.addLast(tail.withData(hi));
        } else {
            entries.addLast(new ExtendedError(0, ExtendedError.ORIGIN_ZEROCOPY, 0,
                    copied ? ExtendedError.CODE_ZEROCOPY_COPIED : 0, lo, hi, java.util.OptionalLong.empty()));
        }
        reports++;
    }
}
