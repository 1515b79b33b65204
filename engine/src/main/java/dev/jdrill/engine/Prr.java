package dev.jdrill.engine;

/**
 * Proportional Rate Reduction (RFC 6937; tcp_init_cwnd_reduction, tcp_cwnd_reduction,
 * tcp_end_cwnd_reduction): in CWR and Recovery, cwnd is set on every ACK to what is in flight plus
 * what may be sent — in proportion to what was delivered while in flight exceeds ssthresh, then
 * slow-start-like back up to ssthresh — and a fast retransmit is always allowed.
 */
final class Prr {
    private Prr() {
    }

    /** tcp_init_cwnd_reduction: high_seq, prior_cwnd and the algorithm's ssthresh. */
    static void init(Tcb t) {
        t.highSeq = t.sndNxt;
        t.tlpHighSeq = -1;
        t.cwndCount = 0;
        t.priorCwnd = t.cwnd;
        t.prrDelivered = 0;
        t.prrOut = 0;
        t.ssthresh = t.cc.ssthresh(t);
        if (t.ecnOk) {
            t.ecnQueueCwr = true;
        }
    }

    /** tcp_cwnd_reduction for one ACK that delivered {@code newlyAckedSacked} packets. */
    static void reduce(Tcb t, long newlyAckedSacked, long newlyLost, int flag) {
        if (newlyAckedSacked <= 0 || t.priorCwnd == 0) {
            return;
        }
        long inFlight = Scoreboard.packetsInFlight(t);
        long delta = t.ssthresh - inFlight;
        long sndcnt;
        t.prrDelivered += newlyAckedSacked;
        if (delta < 0) {
            long dividend = t.ssthresh * t.prrDelivered + t.priorCwnd - 1;
            sndcnt = dividend / t.priorCwnd - t.prrOut;
        } else {
            sndcnt = Math.max(t.prrDelivered - t.prrOut, newlyAckedSacked);
            if ((flag & Scoreboard.SND_UNA_ADVANCED) != 0 && newlyLost == 0) {
                sndcnt++;
            }
            sndcnt = Math.min(delta, sndcnt);
        }
        // Force a fast retransmit upon entering fast recovery.
        sndcnt = Math.max(sndcnt, t.prrOut > 0 ? 0 : 1);
        t.cwnd = inFlight + sndcnt;
    }

    /** tcp_end_cwnd_reduction: cwnd = ssthresh unless the reduction was undone. */
    static void end(Tcb t, long now) {
        if (t.ssthresh < Integer.MAX_VALUE && (t.caState == CongestionState.CWR || t.undoMarker >= 0)) {
            t.cwnd = t.ssthresh;
            t.cwndStampMicros = now;
        }
        t.cc.cwndEvent(t, CongestionControl.Event.COMPLETE_CWR, now);
    }

    /** tcp_in_cwnd_reduction. */
    static boolean inReduction(Tcb t) {
        return t.caState == CongestionState.CWR || t.caState == CongestionState.RECOVERY;
    }

    /** Sending during a reduction counts against it (prr_out). */
    static void sent(Tcb t, long packets) {
        if (inReduction(t)) {
            t.prrOut += packets;
        }
    }
}
