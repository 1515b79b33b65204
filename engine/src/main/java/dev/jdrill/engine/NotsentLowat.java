package dev.jdrill.engine;

import java.util.List;

/**
 * A non-blocking write under TCP_NOTSENT_LOWAT (or net.ipv4.tcp_notsent_lowat). tcp_sendmsg_locked
 * asks sk_stream_memory_free (tcp_stream_memory_free: write_seq - snd_nxt below the low-water mark)
 * only when it needs a new skb; bytes still fit into the tail skb up to the size goal. A full skb that
 * is the send head goes out at once (tcp_push_one), so a write first sends what cwnd allows, then
 * fills the rest of the split skb, and stops at the next new skb. The engine's skbs are MSS-sized, so
 * a kernel skb here is a size-goal chunk of the unsent queue.
 *
 * <p>A blocking write still queues everything at once (see SocketApi.send); MSG_ZEROCOPY writes are
 * not cut here (their page-frag accounting is per iovec element).
 */
final class NotsentLowat {
    private NotsentLowat() {
    }

    /** Whether a low-water mark can stop this write early. */
    static boolean limits(Tcb t, SendRequest req) {
        return t.nonBlocking && !(req.zerocopy() && t.zerocopy) && PollMask.notsentLowat(t) < Integer.MAX_VALUE;
    }

    /** Queues up to {@code n} bytes of {@code req} skb by skb; returns how many it took (0: EAGAIN). */
    static long write(Tcb t, SendRequest req, long n, long now) {
        long goal = Tso.sizeGoal(t);
        long lowat = PollMask.notsentLowat(t);
        long done = 0;
        while (done < n) {
            long unsent = t.unsentBytes();
            long room = unsent % goal == 0 ? 0 : goal - unsent % goal;
            if (room == 0) {
                if (unsent >= lowat) {
                    break; // new_segment: !sk_stream_memory_free -> wait_for_space
                }
                room = goal;
            }
            long copy = Math.min(room, n - done);
            boolean last = done + copy == n;
            SendRequest chunk = new SendRequest(List.of(copy), false, req.more() && last, req.endOfRecord() && last, false);
            SendMsg.append(t, chunk, copy, now);
            done += copy;
        }
        if (done > 0 && !req.more()) {
            // tcp_push (at the end or in wait_for_space) marks the whole tail kernel skb, not only this write's part of it.
            long unsent = t.unsentBytes();
            long tailLen = unsent % goal == 0 ? Math.min(goal, unsent) : unsent % goal;
            long tailStart = dev.jdrill.wire.SeqNum.add(Sender.writeSeq(t), -tailLen);
            Tso.markPush(t, tailStart, tailLen);
        }
        return done;
    }
}
