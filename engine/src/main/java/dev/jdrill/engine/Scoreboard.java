package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The retransmission queue's scoreboard (tcp_input.c): each sent skb may be SACKED_ACKED, LOST and
 * SACKED_RETRANS, and the counts sacked_out, lost_out and retrans_out follow from those bits;
 * packets_in_flight = packets_out − (sacked_out + lost_out) + retrans_out. SACK blocks are tagged
 * onto the skbs (tcp_sacktag_write_queue, tcp_sacktag_one), D-SACKs recognised (tcp_check_dsack)
 * and reordering measured (tcp_check_sack_reordering). A connection without SACK counts duplicate
 * ACKs as sacked_out instead (tcp_add_reno_sack). The engine's skbs are one MSS each, so an skb is
 * SACKed when a block covers it whole, as the kernel's MSS-aligned fragmenting leaves it.
 */
final class Scoreboard {
    private Scoreboard() {
    }

    /** Flags of one ACK, as tcp_ack's FLAG_* bits. */
    static final int DATA = 0x01;
    static final int WIN_UPDATE = 0x02;
    static final int DATA_ACKED = 0x04;
    static final int RETRANS_DATA_ACKED = 0x08;
    static final int SYN_ACKED = 0x10;
    static final int DATA_SACKED = 0x20;
    static final int ECE = 0x40;
    static final int LOST_RETRANS = 0x80;
    static final int SND_UNA_ADVANCED = 0x400;
    static final int DSACKING_ACK = 0x800;
    static final int SET_XMIT_TIMER = 0x1000;
    static final int ORIG_SACK_ACKED = 0x2000;
    static final int DSACK_TLP = 0x8000;
    static final int ACKED = DATA_ACKED | SYN_ACKED;
    static final int NOT_DUP = DATA | WIN_UPDATE | ACKED;
    static final int CA_ALERT = DATA_SACKED | ECE | DSACKING_ACK;
    static final int FORWARD_PROGRESS = ACKED | DATA_SACKED;

    /** What one ACK's SACK blocks did (struct tcp_sacktag_state, trimmed). */
    static final class TagResult {
        int flag;
        long sackDelivered;
        /** The lowest never-retransmitted sequence newly SACKed below the highest SACK (reord). */
        long reord;
        long firstSackedSendMicros = -1;
        long lastSackedSendMicros = -1;
    }

    static boolean isSack(Tcb t) {
        return t.sackOk;
    }

    static long sackedOut(Tcb t) {
        return isSack(t) ? countSent(t, s -> s.sacked) : t.renoSackedOut;
    }

    static long lostOut(Tcb t) {
        return countSent(t, s -> s.lostMarked);
    }

    static long retransOut(Tcb t) {
        return countSent(t, s -> s.retransInFlight);
    }

    /** The sent skbs with a scoreboard mark: the kernel keeps these as counters, the engine counts them. */
    private static long countSent(Tcb t, java.util.function.Predicate<Tcb.Skb> marked) {
        long n = 0;
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent && marked.test(s)) {
                n++;
            }
        }
        return n;
    }

    /** tcp_left_out. */
    static long leftOut(Tcb t) {
        return sackedOut(t) + lostOut(t);
    }

    /** tcp_packets_in_flight. */
    static long packetsInFlight(Tcb t) {
        return t.inFlightSegments() - leftOut(t) + retransOut(t);
    }

    /** tcp_any_retrans_done: retransmissions in flight, or the head ever retransmitted. */
    static boolean anyRetransDone(Tcb t) {
        if (retransOut(t) > 0) {
            return true;
        }
        Tcb.Skb head = t.sendQueue.peekFirst();
        return head != null && head.sent && head.everRetransmitted;
    }

    /** tcp_highest_sack_seq: the end of the highest SACKed skb, snd_una when none is. */
    static long highestSackSeq(Tcb t) {
        if (sackedOut(t) == 0 || !isSack(t)) {
            return t.sndUna;
        }
        long end = t.sndUna;
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent && s.sacked) {
                end = s.endSeq();
            }
        }
        return end;
    }

    /** The sent skbs in the order they were last sent (tp->tsorted_sent_queue). */
    static List<Tcb.Skb> bySendTime(Tcb t) {
        List<Tcb.Skb> out = new ArrayList<>();
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong((Tcb.Skb s) -> s.sentMicros));
        return out;
    }

    /** tcp_mark_skb_lost. */
    static void markLost(Tcb t, Tcb.Skb s) {
        if (s.sacked) {
            return;
        }
        if (s.lostMarked) {
            // A retransmission lost again.
            s.retransInFlight = false;
        } else {
            s.lostMarked = true;
        }
    }

    /** tcp_sacktag_write_queue for the SACK blocks of {@code seg}. */
    static TagResult tag(Tcb t, TcpSegment seg, long priorSndUna, long now) {
        TagResult r = new TagResult();
        r.reord = t.sndNxt;
        List<TcpOption.SackBlock> blocks = blocksOf(seg);
        if (blocks.isEmpty() || !isSack(t)) {
            return r;
        }
        boolean dsack = checkDsack(t, seg.ack(), blocks, priorSndUna, r);
        if (dsack) {
            r.flag |= DSACKING_ACK;
        }
        if (t.inFlightSegments() == 0) {
            return r;
        }
        for (int i = 0; i < blocks.size(); i++) {
            TcpOption.SackBlock b = blocks.get(i);
            boolean dup = dsack && i == 0;
            if (!dup && !validBlock(t, b.left(), b.right(), priorSndUna)) {
                continue;
            }
            for (Tcb.Skb s : t.sendQueue) {
                if (!s.sent) {
                    break;
                }
                if (SeqNum.ge(s.seq, b.left()) && SeqNum.le(s.endSeq(), b.right()) && s.seqLen() > 0) {
                    tagOne(t, s, dup, r, now);
                }
            }
        }
        checkReordering(t, r.reord, false);
        return r;
    }

    private static List<TcpOption.SackBlock> blocksOf(TcpSegment seg) {
        return seg.option(TcpOption.Sack.class).map(TcpOption.Sack::blocks).orElse(List.of());
    }

    /** tcp_is_sackblock_valid, simplified: inside (snd_una, snd_nxt], at most a window long. */
    private static boolean validBlock(Tcb t, long start, long end, long priorSndUna) {
        if (!SeqNum.lt(start, end) || SeqNum.gt(end, t.sndNxt)) {
            return false;
        }
        return SeqNum.gt(end, priorSndUna) && SeqNum.diff(end, start) <= Math.max(t.maxWindow, 1);
    }

    /** tcp_sacktag_one. */
    private static void tagOne(Tcb t, Tcb.Skb s, boolean dup, TagResult r, long now) {
        if (dup && s.everRetransmitted) {
            if (t.undoMarker >= 0 && t.undoRetrans > 0 && SeqNum.gt(s.endSeq(), t.undoMarker)) {
                t.undoRetrans = Math.max(0, t.undoRetrans - 1);
            }
            if (s.sacked && SeqNum.lt(s.seq, r.reord)) {
                r.reord = s.seq;
            }
        }
        if (!SeqNum.gt(s.endSeq(), t.sndUna)) {
            return;
        }
        if (!s.sacked) {
            Rack.advance(t, s.everRetransmitted, s.endSeq(), s.sentMicros, now);
            if (s.retransInFlight) {
                if (s.lostMarked) {
                    s.lostMarked = false;
                    s.retransInFlight = false;
                }
            } else {
                if (!s.everRetransmitted) {
                    if (SeqNum.lt(s.seq, highestSackSeq(t)) && SeqNum.lt(s.seq, r.reord)) {
                        r.reord = s.seq;
                    }
                    if (!SeqNum.gt(s.endSeq(), t.highSeq)) {
                        r.flag |= ORIG_SACK_ACKED;
                    }
                    if (r.firstSackedSendMicros < 0) {
                        r.firstSackedSendMicros = s.sentMicros;
                    }
                    r.lastSackedSendMicros = s.sentMicros;
                }
                s.lostMarked = false;
            }
            s.sacked = true;
            r.flag |= DATA_SACKED;
            r.sackDelivered++;
        }
        if (dup && s.retransInFlight) {
            s.retransInFlight = false;
        }
    }

    /** tcp_check_dsack + tcp_dsack_seen: is the first block a D-SACK (below the ACK, or inside the second)? */
    private static boolean checkDsack(Tcb t, long ack, List<TcpOption.SackBlock> blocks, long priorSndUna, TagResult r) {
        TcpOption.SackBlock b0 = blocks.getFirst();
        if (!SeqNum.lt(b0.left(), ack)) {
            if (blocks.size() < 2) {
                return false;
            }
            TcpOption.SackBlock b1 = blocks.get(1);
            if (SeqNum.gt(b0.right(), b1.right()) || SeqNum.lt(b0.left(), b1.left())) {
                return false;
            }
        }
        if (!SeqNum.lt(b0.left(), b0.right())) {
            return false;
        }
        long len = SeqNum.diff(b0.right(), b0.left());
        if (len > t.maxWindow) {
            return false;
        }
        long dupSegs = 1;
        if (len > t.mssCache) {
            dupSegs = (len + t.mssCache - 1) / Math.max(1, t.mssCache);
        } else if (t.tlpHighSeq >= 0 && t.tlpHighSeq == b0.right()) {
            r.flag |= DSACK_TLP;
        }
        t.dsackDups += dupSegs;
        if (t.dsackDups > t.totalRetrans) {
            return false;
        }
        if (t.reordSeen > 0 && (r.flag & DSACK_TLP) == 0) {
            t.rack.dsackSeen = true;
        }
        r.sackDelivered += dupSegs;
        if (t.undoMarker >= 0 && t.undoRetrans > 0 && !SeqNum.gt(b0.right(), priorSndUna)
                && SeqNum.gt(b0.right(), t.undoMarker)) {
            t.undoRetrans = Math.max(0, t.undoRetrans - dupSegs);
        }
        return true;
    }

    /** tcp_check_sack_reordering: data below the highest SACK arrived late; raise tp->reordering. */
    static void checkReordering(Tcb t, long lowSeq, boolean ts) {
        long fack = highestSackSeq(t);
        if (!SeqNum.lt(lowSeq, fack)) {
            return;
        }
        long mss = Math.max(1, t.mssCache);
        long metric = SeqNum.diff(fack, lowSeq);
        if (metric > t.reordering * mss) {
            t.reordering = Math.min((metric + mss - 1) / mss, 300);
        }
        t.reordSeen++;
    }

    /** tcp_add_reno_sack: a duplicate ACK without SACK stands for one packet delivered out of order. */
    static void addRenoSack(Tcb t, long dupAcks) {
        if (dupAcks > 0) {
            long prior = t.renoSackedOut;
            t.renoSackedOut += dupAcks;
            checkRenoReordering(t, 0);
            t.delivered += Math.max(0, t.renoSackedOut - prior);
        }
    }

    /** tcp_remove_reno_sacks: a cumulative ACK fills the hole; the rest ate duplicate ACKs. */
    static void removeRenoSacks(Tcb t, long acked) {
        if (acked > 0) {
            if (acked - 1 >= t.renoSackedOut) {
                t.renoSackedOut = 0;
            } else {
                t.renoSackedOut -= acked - 1;
            }
        }
        checkRenoReordering(t, acked);
    }

    /** tcp_check_reno_reordering with tcp_limit_reno_sacked. */
    private static void checkRenoReordering(Tcb t, long addend) {
        long packetsOut = t.inFlightSegments();
        long holes = Math.min(Math.max(lostOut(t), 1), packetsOut);
        if (t.renoSackedOut + holes > packetsOut) {
            t.renoSackedOut = packetsOut - holes;
            t.reordering = Math.min(packetsOut + addend, 300);
            t.reordSeen++;
        }
    }

    /** tcp_newreno_mark_lost: without SACK, the head is lost after dupthresh duplicate ACKs (or a partial ACK in recovery). */
    static void newRenoMarkLost(Tcb t, boolean sndUnaAdvanced) {
        CongestionState st = t.caState;
        boolean below = st.ordinal() < CongestionState.RECOVERY.ordinal();
        if ((below && t.renoSackedOut >= t.reordering) || (st == CongestionState.RECOVERY && sndUnaAdvanced)) {
            Tcb.Skb head = t.sendQueue.peekFirst();
            if (head != null && head.sent && !head.lostMarked) {
                markLost(t, head);
            }
        }
    }
}
