package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * tcp_sendmsg_locked's queueing: the bytes of a send fill the unsent tail skb up to the MSS, then go
 * into new skbs, and the send ends with tcp_push. What changes the shape of the queue:
 * <ul>
 *   <li>MSG_EOR marks the send's last skb (TCP_SKB_CB->eor): no later byte is appended to it
 *       (tcp_skb_can_collapse_to), and it never shares a GSO packet with what follows.</li>
 *   <li>MSG_ZEROCOPY (with SO_ZEROCOPY) makes each iovec element a page frag of its own; an skb whose
 *       frags ran out is pushed (PSH) and a new one started (skb_zerocopy_iter_stream's EMSGSIZE).</li>
 *   <li>MSG_MORE leaves PSH off and pushes with TCP_NAGLE_CORK (tcp_push), so a partial skb waits.</li>
 * </ul>
 * The engine's skbs are MSS-sized (see {@link Tso}); only the last size-goal chunk of a write gets PSH.
 */
final class SendMsg {
    private SendMsg() {
    }

    /** Queues the first {@code n} bytes of {@code req} and pushes (the socket checks are done). */
    static void append(Tcb t, SendRequest req, long n, long now) {
        boolean zerocopy = req.zerocopy() && t.zerocopy;
        long start = Sender.writeSeq(t);
        long seq = start;
        Tcb.Skb tail = t.sendQueue.peekLast();
        long left = n;
        for (long element : req.iov()) {
            long piece = Math.min(Math.max(element, 0), left);
            boolean newFrag = true;
            while (piece > 0) {
                if (!canAppend(t, tail)) {
                    tail = entail(t, seq);
                    newFrag = true;
                } else if (zerocopy && newFrag && tail.frags >= ZeroCopy.MAX_SKB_FRAGS) {
                    tail.psh = true; // tcp_mark_push: the skb is out of frags
                    tail.pushEnd = true;
                    tail = entail(t, seq);
                }
                int add = (int) Math.min(piece, t.mssCache - tail.len);
                if (zerocopy ? newFrag : tail.frags == 0 || tail.lastFragPinned) {
                    tail.frags++;
                }
                tail.lastFragPinned = zerocopy;
                newFrag = false;
                tail.len += add;
                piece -= add;
                left -= add;
                seq = SeqNum.add(seq, add);
            }
            if (left <= 0) {
                break;
            }
        }
        if (tail == null || n <= 0) {
            return;
        }
        if (req.endOfRecord() && n == req.length()) {
            tail.eor = true;
        }
        if (zerocopy) {
            t.zeroCopy.sent(seq);
        }
        t.timestamping.wrote(seq);
        // tcp_push: PSH unless MSG_MORE; MSG_MORE pushes with TCP_NAGLE_CORK.
        if (!req.more()) {
            tail.psh = true;
            tail.pushEnd = true; // the last skb of the write (tcp_mark_push): a resend of it alone keeps PSH
            Tso.markPush(t, start, n);
        }
        Sender.push(t, now, req.more() ? Nagle.CORK : Nagle.socketNonagle(t));
    }

    /** tcp_skb_can_collapse_to and room left: the unsent tail takes more bytes. */
    private static boolean canAppend(Tcb t, Tcb.Skb tail) {
        return tail != null && !tail.sent && !tail.fin && !tail.syn && !tail.eor && tail.len < t.mssCache;
    }

    /** skb_entail: a new skb at the tail; it clears TCP_NAGLE_PUSH. */
    private static Tcb.Skb entail(Tcb t, long seq) {
        Tcb.Skb last = t.sendQueue.peekLast();
        if (last == null || last.sent) {
            // tcp_add_write_queue_tail: the write queue (unsent data) was empty.
            t.chrono.start(Chrono.BUSY, t.stack.nowMicros());
        }
        Tcb.Skb s = new Tcb.Skb(seq, 0);
        t.sendQueue.add(s);
        CwndValidation.restartAfterIdle(t, t.stack.nowMicros()); // tcp_skb_entail
        t.naglePush = false;
        return s;
    }
}
