package dev.jdrill.engine;

/**
 * New data that the device refuses (a qdisc that drops everything, NET_XMIT_DROP): tcp_write_xmit
 * stops at the failed tcp_transmit_skb, nothing counts as sent, and tcp_check_probe_timer arms the
 * probe timer. Each tcp_probe_timer firing tries again (tcp_send_probe0), fails locally, counts a probe
 * and comes back after TCP_RESOURCE_PROBE_INTERVAL (500 ms) with no backoff; TCP_USER_TIMEOUT, counted
 * from the first firing (icsk_probes_tstamp), or tcp_retries2 probes end the connection with
 * ETIMEDOUT. Verified on 6.18 by the corpus's user_timeout/user-timeout-probe.pkt: a 3 s user timeout
 * gives 6 probes and ETIMEDOUT 3.5 s after the write.
 */
final class LocalCongestion {
    private LocalCongestion() {
    }

    static final long RESOURCE_PROBE_INTERVAL_MICROS = 500_000;

    /** tcp_write_xmit on a device that drops all: nothing is sent; the probe timer is armed once. */
    static boolean blocksNewData(Tcb t, long now) {
        if (!t.stack.deviceDropsAll()) {
            return false;
        }
        if (t.inFlightSegments() == 0 && t.firstUnsent() != null && t.transmitTimer == null) {
            // tcp_check_probe_timer: tcp_probe0_base = max(RTO, rto_min).
            t.transmitTimer = new Timer.ZeroWindowProbe(Rtt.timerDeadline(now, Math.max(t.rtoMicros, Rtt.rtoMin(t))));
        }
        return true;
    }

    /** tcp_probe_timer + tcp_send_probe0 while every transmission fails locally. */
    static void probeTimer(Tcb t, long now) {
        if (t.inFlightSegments() > 0 || t.firstUnsent() == null) {
            t.probesOut = 0;
            t.probesStampMicros = -1;
            return;
        }
        long userTimeout = t.userTimeoutMillis * 1000;
        if (t.probesStampMicros < 0) {
            t.probesStampMicros = now;
        } else if (userTimeout > 0 && now - t.probesStampMicros >= userTimeout) {
            Timers.writeError(t);
            return;
        }
        if (t.probesOut >= t.stack.tunables().tcpRetries2) {
            Timers.writeError(t);
            return;
        }
        t.probesOut++;
        long timeout = RESOURCE_PROBE_INTERVAL_MICROS;
        if (userTimeout > 0) {
            // tcp_clamp_probe0_to_user_timeout
            long remaining = userTimeout - (now - t.probesStampMicros);
            timeout = remaining <= 0 ? Rtt.JIFFY_MICROS : Math.min(remaining, timeout);
        }
        t.transmitTimer = new Timer.ZeroWindowProbe(Rtt.timerDeadline(now, timeout));
    }
}
