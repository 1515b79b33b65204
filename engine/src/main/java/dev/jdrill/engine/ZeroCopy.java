package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import java.util.ArrayDeque;

/**
 * MSG_ZEROCOPY on a socket with SO_ZEROCOPY (msg_zerocopy_realloc, skb_zerocopy_iter_stream,
 * __msg_zerocopy_callback). Each send that queues bytes takes the next id of the socket's counter
 * (sk_zckey); when every byte of it is acknowledged its skbs are freed and the id completes on the
 * error queue. A send that fails queues nothing and gives its id back (net_zcopy_put_abort).
 *
 * <p>The completion always says SO_EE_CODE_ZEROCOPY_COPIED: packets the engine sends leave through
 * a device that copies them (a TUN device orphans the frags, skb_orphan_frags_rx), which is what the
 * kernel reports on the test network too. The user pages each iovec element pins are a frag of
 * their own, at most {@link #MAX_SKB_FRAGS} to an skb (net.core.max_skb_frags).
 */
final class ZeroCopy {
    /** sysctl_max_skb_frags' default (CONFIG_MAX_SKB_FRAGS). */
    static final int MAX_SKB_FRAGS = 17;

    private record Pending(long id, long endSeq) {
    }

    /** sk_zckey: the id the next zerocopy send takes. */
    private long nextId;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** A zerocopy send queued bytes up to {@code endSeq}: it takes the next id. */
    void sent(long endSeq) {
        pending.addLast(new Pending(nextId, endSeq));
        nextId = (nextId + 1) & 0xffffffffL;
    }

    /** tcp_ack freed the skbs below {@code sndUna}: complete every send wholly acknowledged. */
    void acked(Tcb t, long sndUna) {
        while (!pending.isEmpty() && !SeqNum.gt(pending.peekFirst().endSeq(), sndUna)) {
            Pending p = pending.pollFirst();
            if (!t.orphan) {
                // SOCK_DEAD: nobody can read the error queue any more, so nothing is queued.
                t.errorQueue.addZerocopyCompletion(p.id(), p.id(), true);
            }
        }
    }
}
