package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * RACK loss detection (RFC 8985, tcp_recovery.c): a packet is lost when one sent after it has been
 * delivered and more than RACK.rtt + the reordering window has passed since it was sent; one still
 * inside that time arms the reordering timer (ICSK_TIME_REO_TIMEOUT). The reordering window is 0
 * until reordering is seen (when in recovery, or once sacked_out reaches tp->reordering: the classic
 * dupthresh), else min_rtt/4 per step, steps growing on D-SACKs, bounded by srtt.
 */
final class Rack {
    /** rack.mstamp / rack.end_seq: send time and end of the most recently sent delivered packet (−1: none). */
    long mstamp = -1;
    long endSeq;
    long rttUs;
    boolean advanced;
    int reoWndSteps = 1;
    int reoWndPersist;
    boolean dsackSeen;
    long lastDelivered;

    /** TCP_RACK_RECOVERY_THRESH: recoveries a widened window persists. */
    private static final int RECOVERY_THRESH = 16;

    /** tcp_skb_sent_after. */
    static boolean sentAfter(long t1, long t2, long seq1, long seq2) {
        return t1 > t2 || (t1 == t2 && SeqNum.gt(seq1, seq2));
    }

    /** tcp_rack_advance: a delivered skb of {@code endSeq} last sent at {@code xmitTime}. */
    static void advance(Tcb t, boolean everRetransmitted, long endSeq, long xmitTime, long now) {
        Rack r = t.rack;
        long rtt = now - xmitTime;
        if (everRetransmitted && t.minRttUs >= 0 && rtt < t.minRttUs) {
            // Ambiguous: the original, not the retransmission, may have been delivered.
            return;
        }
        r.advanced = true;
        r.rttUs = rtt;
        if (r.mstamp < 0 || sentAfter(xmitTime, r.mstamp, endSeq, r.endSeq)) {
            r.mstamp = xmitTime;
            r.endSeq = endSeq;
        }
    }

    /** tcp_rack_reo_wnd. */
    static long reoWnd(Tcb t) {
        if (t.reordSeen == 0) {
            if (t.caState.ordinal() >= CongestionState.RECOVERY.ordinal()) {
                return 0;
            }
            if (Scoreboard.sackedOut(t) >= t.reordering && (t.stack.tunables().tcpRecovery & 2) == 0) {
                return 0;
            }
        }
        long minRtt = t.minRttUs < 0 ? 0 : t.minRttUs;
        return Math.min((minRtt >> 2) * t.rack.reoWndSteps, t.srttUs8 >> 3);
    }

    /**
     * tcp_rack_detect_loss over the skbs in send-time order: marks the overdue ones lost, returns
     * the longest wait left for the others (0: none).
     */
    static long detectLoss(Tcb t, long now) {
        Rack r = t.rack;
        if (r.mstamp < 0) {
            return 0;
        }
        long reoWnd = reoWnd(t);
        long wait = 0;
        for (Tcb.Skb s : Scoreboard.bySendTime(t)) {
            if (s.sacked || (s.lostMarked && !s.retransInFlight)) {
                continue;
            }
            if (!sentAfter(r.mstamp, s.sentMicros, r.endSeq, s.endSeq())) {
                break;
            }
            long remaining = r.rttUs + reoWnd - (now - s.sentMicros);
            if (remaining <= 0) {
                Scoreboard.markLost(t, s);
            } else {
                wait = Math.max(wait, remaining);
            }
        }
        return wait;
    }

    /** tcp_rack_mark_lost: returns whether the reordering timer was armed. */
    static boolean markLost(Tcb t, long now) {
        if (!t.rack.advanced) {
            return false;
        }
        t.rack.advanced = false;
        long wait = detectLoss(t, now);
        if (wait > 0) {
            // usecs_to_jiffies(timeout) + TCP_TIMEOUT_MIN (2 jiffies), never beyond the RTO.
            long timeout = Rtt.roundUpToJiffy(wait) + 2 * Rtt.JIFFY_MICROS;
            t.transmitTimer = new Timer.ReorderTimeout(Rtt.timerDeadline(now, Math.min(timeout, Rtt.backedOff(t))));
            return true;
        }
        return false;
    }

    /** tcp_rack_reo_timeout: the wait is over; mark, enter recovery if something got lost, resend. */
    static void reoTimeout(Tcb t, long now) {
        long priorInFlight = Scoreboard.packetsInFlight(t);
        detectLoss(t, now);
        if (priorInFlight != Scoreboard.packetsInFlight(t)) {
            if (t.caState != CongestionState.RECOVERY) {
                LossRecovery.enterRecovery(t, false, now);
                Prr.reduce(t, 1, 0, 0);
            }
            LossRecovery.xmitRetransmitQueue(t, now);
        }
        if (!(t.transmitTimer instanceof Timer.Retransmit)) {
            Sender.rearmRto(t, now);
        }
    }

    /** tcp_rack_update_reo_wnd: widen the window a step after a round with a D-SACK. */
    static void updateReoWnd(Tcb t, long priorDelivered) {
        Rack r = t.rack;
        if ((t.stack.tunables().tcpRecovery & 4) != 0 || priorDelivered == 0) {
            return;
        }
        if (priorDelivered < r.lastDelivered) {
            r.dsackSeen = false;
        }
        if (r.dsackSeen) {
            r.reoWndSteps = Math.min(0xff, r.reoWndSteps + 1);
            r.dsackSeen = false;
            r.lastDelivered = t.delivered;
            r.reoWndPersist = RECOVERY_THRESH;
        } else if (r.reoWndPersist == 0) {
            r.reoWndSteps = 1;
        }
    }
}
