package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * Congestion window validation (RFC 7661 as tcp_cwnd_validate has it): after each transmit, remember
 * whether cwnd was the limit in this window (is_cwnd_limited) and the most packets out
 * (max_packets_out). tcp_is_cwnd_limited ({@link CongestionControl#isCwndLimited}) reads them, so an
 * application-limited sender's cwnd stops growing.
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
        } else if (packetsOut > t.cwndUsed) {
            t.cwndUsed = packetsOut;
        }
    }
}
