package dev.jdrill.engine;

/**
 * RTT estimation and the retransmission timeout, in Linux's fixed point: tcp_rtt_estimator (srtt
 * scaled by 8, mdev by 4, rttvar tracking the per-window maximum of mdev) and tcp_set_rto. Timer
 * values are rounded up to whole jiffies the way usecs_to_jiffies does, with HZ = 250 as the kernel
 * this engine is checked against is configured (CONFIG_HZ=250): an RTO of "200 ms" is 204 ms.
 */
final class Rtt {
    private Rtt() {
    }

    static final long JIFFY_MICROS = 4_000;
    static final long TIMEOUT_INIT_MICROS = 1_000_000;
    /** TCP_TIMEOUT_FALLBACK: RFC 6298 5.7, when the handshake yielded no RTT sample. */
    static final long TIMEOUT_FALLBACK_MICROS = 3_000_000;
    static final long TIMEWAIT_LEN_MICROS = 60_000_000;
    static final long DELACK_MIN_MICROS = 40_000;
    static final long ATO_MIN_MICROS = 40_000;
    static final long DELACK_MAX_MICROS = 200_000;

    /** usecs_to_jiffies then back: round up to the next jiffy. */
    static long roundUpToJiffy(long micros) {
        return (micros + JIFFY_MICROS - 1) / JIFFY_MICROS * JIFFY_MICROS;
    }

    /**
     * When a timer armed at {@code now} for {@code timeoutMicros} really fires: the timeout in whole
     * jiffies (usecs_to_jiffies rounds up), then the timer wheel's bucket rounding (calc_index rounds
     * the expiry up to the next bucket of its level: 1 jiffy below 64 jiffies, 8 below 512, 64 below
     * 4096, ...). This is why a 1 s SYN timeout fires after about 1.024 s on a HZ=250 kernel.
     */
    static long timerDeadline(long now, long timeoutMicros) {
        long j = now / JIFFY_MICROS;
        long d = Math.max(0, (timeoutMicros + JIFFY_MICROS - 1) / JIFFY_MICROS);
        int shift = 0;
        long levelStart = 64;
        while (d >= levelStart && shift < 24) {
            shift += 3;
            levelStart <<= 3;
        }
        long bucket = (((j + d) >> shift) + 1) << shift;
        return Math.max(now, bucket * JIFFY_MICROS);
    }

    static long rtoMin(Tcb t) {
        return t.stack.tunables().tcpRtoMinMicros;
    }

    static long rtoMax(Tcb t) {
        return t.stack.tunables().tcpRtoMaxMillis * 1000L;
    }

    /** tcp_rtt_estimator followed by tcp_set_rto, for one RTT sample of {@code sampleMicros}. */
    static void sample(Tcb t, long sampleMicros) {
        long m = Math.max(1, sampleMicros);
        long srtt = t.srttUs8;
        if (srtt != 0) {
            m -= srtt >> 3;
            srtt += m;
            if (m < 0) {
                m = -m;
                m -= t.mdevUs >> 2;
                if (m > 0) {
                    m >>= 3;
                }
            } else {
                m -= t.mdevUs >> 2;
            }
            t.mdevUs += m;
            if (t.mdevUs > t.mdevMaxUs) {
                t.mdevMaxUs = t.mdevUs;
                if (t.mdevMaxUs > t.rttvarUs) {
                    t.rttvarUs = t.mdevMaxUs;
                }
            }
            if (dev.jdrill.wire.SeqNum.gt(t.sndUna, t.rttSeq)) {
                if (t.mdevMaxUs < t.rttvarUs) {
                    t.rttvarUs -= (t.rttvarUs - t.mdevMaxUs) >> 2;
                }
                t.rttSeq = t.sndNxt;
                t.mdevMaxUs = rtoMin(t);
            }
        } else {
            srtt = m << 3;
            t.mdevUs = m << 1;
            t.rttvarUs = Math.max(t.mdevUs, rtoMin(t));
            t.mdevMaxUs = t.rttvarUs;
            t.rttSeq = t.sndNxt;
        }
        t.srttUs8 = Math.max(1, srtt);
        setRto(t);
        // RFC 6298: only a valid RTT measurement resets the backoff (tcp_ack_update_rtt).
        t.backoff = 0;
    }

    /** tcp_set_rto / __tcp_set_rto with tcp_bound_rto. */
    static void setRto(Tcb t) {
        long rto = roundUpToJiffy((t.srttUs8 >> 3) + t.rttvarUs);
        t.rtoMicros = Math.min(rto, rtoMax(t));
    }

    /** The RTO with exponential backoff applied, capped (inet_csk_rto_backoff). */
    static long backedOff(Tcb t) {
        long rto = t.rtoMicros << Math.min(t.backoff, 30);
        return Math.min(rto, rtoMax(t));
    }

    /**
     * tcp_model_timeout: how long {@code boundary} exponentially backed-off retransmissions take
     * starting from {@code rtoBase}; retransmits_timed_out compares elapsed time against it, so
     * tcp_retries2 is a time budget (924.6 s for 15), not a count.
     */
    static long modelTimeout(long boundary, long rtoBase, long rtoMax) {
        long thresh = 63 - Long.numberOfLeadingZeros(Math.max(1, rtoMax / rtoBase));
        if (boundary <= thresh) {
            return ((2L << boundary) - 1) * rtoBase;
        }
        return ((2L << thresh) - 1) * rtoBase + (boundary - thresh) * rtoMax;
    }

    /** retransmits_timed_out. */
    static boolean retransmitsTimedOut(Tcb t, long boundary, long userTimeoutMicros, long now) {
        if (t.retransmits == 0 || t.retransStampMicros < 0) {
            return false;
        }
        long timeout = userTimeoutMicros;
        if (timeout == 0) {
            long base = t.state == dev.jdrill.wire.TcpState.SYN_SENT || t.state == dev.jdrill.wire.TcpState.SYN_RECV
                    ? TIMEOUT_INIT_MICROS : 200_000;
            // tcp_rto_max(sk): the tcp_rto_max_ms sysctl (verified: with 2000 ms and syn_retries=5 the
            // kernel gives up at 11 s = (2^2 - 1) + 4 * 2 s).
            timeout = modelTimeout(boundary, base, rtoMax(t));
        }
        // Linux compares in milliseconds of tcp_time_stamp_ts.
        return now / 1000 - t.retransStampMicros / 1000 - timeout / 1000 >= 0;
    }
}
