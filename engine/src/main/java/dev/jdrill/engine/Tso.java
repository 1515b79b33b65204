package dev.jdrill.engine;

import java.util.List;

/**
 * TCP segmentation offload as the kernel's output path shows it on a TUN device with offloads (what
 * packetdrill and the linux target capture): tcp_sendmsg builds skbs of up to tcp_xmit_size_goal
 * bytes and tcp_write_xmit sends as much of them as cwnd and the peer's window allow as one GSO
 * packet, so an initial window of 10 segments leaves as one 10-MSS packet. The engine keeps MSS-sized
 * skbs (for cwnd, loss and retransmission accounting, which the kernel does per MSS too) and only
 * coalesces consecutive new ones on the wire.
 *
 * <p>Not modelled: tcp_tso_autosize (pacing-rate sizing) and tcp_tso_should_defer; on 6.18 with BBR
 * (the namespace default) neither limits a burst the scripts observe (verified: 14600 bytes in one
 * packet after a 1 s RTT, then 25400 after the first ACK).
 */
final class Tso {
    private Tso() {
    }

    /** sk_gso_max_size (GSO_LEGACY_MAX_SIZE) less MAX_TCP_HEADER + 1, as sk_setup_caps leaves it. */
    static final int GSO_MAX_SIZE = 65536 - 321;

    /** tcp_xmit_size_goal: bounded to half the largest window the peer offered (tcp_bound_to_half_wnd). */
    static long sizeGoal(Tcb t) {
        long mss = Math.max(1, t.mssCache);
        long goal = GSO_MAX_SIZE;
        if (t.maxWindow > Handshake.TCP_MSS_DEFAULT) {
            goal = Math.min(goal, t.maxWindow >> 1);
        }
        return Math.max(goal / mss * mss, mss);
    }

    /** Whether {@code next} may join a GSO packet that already holds {@code run} ({@code bytes} of payload). */
    static boolean canJoin(Tcb t, List<Tcb.Skb> run, long bytes, Tcb.Skb next) {
        if (run.isEmpty()) {
            return true;
        }
        Tcb.Skb last = run.getLast();
        return !last.fin && !last.eor && !next.syn && last.len == t.mssCache && next.len > 0
                && bytes + next.len <= sizeGoal(t);
    }

    /**
     * tcp_push's tcp_mark_push lands on the write's last kernel skb, which is up to a size goal long,
     * and on 6.18 every GSO packet cut from that skb carries PSH (verified: write 12000 with cwnd 10
     * × 1100 sends P. 11000 then P. 1000; write 40000 with a 32120-byte size goal sends . 14600 and
     * then P. 25400). So the engine's MSS-sized skbs of that last chunk all get PSH.
     */
    static void markPush(Tcb t, long writeStart, long length) {
        long goal = sizeGoal(t);
        long lastChunk = length <= 0 ? 0 : (length - 1) / goal * goal;
        long chunkStart = dev.jdrill.wire.SeqNum.add(writeStart, lastChunk);
        for (Tcb.Skb s : t.sendQueue) {
            if (!s.sent && s.len > 0 && dev.jdrill.wire.SeqNum.ge(s.seq, chunkStart)) {
                s.psh = true;
            }
        }
    }
}
