package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * Congestion window validation (RFC 7661 as tcp_cwnd_validate has it): after each transmit, remember
 * whether cwnd was the limit in this window (is_cwnd_limited) and the most packets out
 * (max_packets_out). tcp_is_cwnd_limited ({@link CongestionControl#isCwndLimited}) reads them, so an
 * application-limited sender's cwnd stops growing. With tcp_slow_start_after_idle (Linux's default
 * 1), an idle or application-limited sender also gives cwnd back (RFC 2861): tcp_cwnd_restart when
 * new data follows more than an RTO of silence, tcp_cwnd_application_limited after an RTO unused.
 */
final class CwndValidation {
    private CwndValidation() {
    }

    /** tcp_cwnd_validate. */
    static void validate(Tcb t, boolean cwndLimited, long now) {
        long packetsOut = t.inFlightSegments();
        if (!SeqNum.lt(t.sndUna, t.cwndUsageSeq) || cwndLimited || (!t.isCwndLimited && packetsOut > t.maxPacketsOut)) {
            t.isCwndLimited = cwndLimited;
            t.maxPacketsOut = packetsOut;
            t.cwndUsageSeq = t.sndNxt;
        }
        if (CongestionControl.isCwndLimited(t)) {
            t.cwndUsed = 0;
            t.cwndStampMicros = now;
        } else {
            if (packetsOut > t.cwndUsed) {
                t.cwndUsed = packetsOut;
            }
            if (t.stack.tunables().tcpSlowStartAfterIdle != 0 && now - t.cwndStampMicros >= t.rtoMicros) {
                applicationLimited(t, now);
            }
        }
    }

    /** tcp_cwnd_application_limited: shrink cwnd halfway to what was used. */
    private static void applicationLimited(Tcb t, long now) {
        if (t.caState == CongestionState.OPEN) {
            long winUsed = Math.max(t.cwndUsed, Handshake.INITIAL_CWND);
            if (winUsed < t.cwnd) {
                t.ssthresh = LossRecovery.currentSsthresh(t);
                t.cwnd = (t.cwnd + winUsed) >> 1;
            }
            t.cwndUsed = 0;
        }
        t.cwndStampMicros = now;
    }

    /**
     * tcp_slow_start_after_idle_check (from tcp_skb_entail and a window update): nothing in flight
     * and nothing sent for more than an RTO restarts from the initial window, halving per RTO idle.
     */
    static void restartAfterIdle(Tcb t, long now) {
        if (t.stack.tunables().tcpSlowStartAfterIdle == 0 || t.inFlightSegments() > 0 || t.lastSendMicros < 0) {
            return;
        }
        long delta = jiffies(now) - jiffies(t.lastSendMicros);
        long rto = jiffies(t.rtoMicros);
        if (delta <= rto) {
            return;
        }
        // tcp_cwnd_restart
        t.cc.cwndEvent(t, CongestionControl.Event.CWND_RESTART, now);
        t.ssthresh = LossRecovery.currentSsthresh(t);
        long restart = Math.min(Handshake.INITIAL_CWND, t.cwnd);
        long cwnd = t.cwnd;
        while ((delta -= rto) > 0 && cwnd > restart) {
            cwnd >>= 1;
        }
        t.cwnd = Math.max(cwnd, restart);
        t.cwndStampMicros = now;
        t.cwndUsed = 0;
    }

    private static long jiffies(long micros) {
        return micros / Rtt.JIFFY_MICROS;
    }
}
