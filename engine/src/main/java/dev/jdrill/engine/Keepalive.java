package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpState;

/**
 * tcp_keepalive_timer: keepalive probes (an ACK at snd_una − 1 with no data) after
 * tcp_keepalive_time / TCP_KEEPIDLE of silence, every tcp_keepalive_intvl / TCP_KEEPINTVL, and
 * after tcp_keepalive_probes / TCP_KEEPCNT unanswered ones a RST and ETIMEDOUT. The same timer
 * serves an orphaned FIN_WAIT2 whose TCP_LINGER2 exceeds TIME_WAIT's 60 s.
 */
final class Keepalive {
    private Keepalive() {
    }

    static long time(Tcb t) {
        return (t.keepIdleSeconds > 0 ? t.keepIdleSeconds : t.stack.tunables().tcpKeepaliveTimeSeconds) * 1_000_000L;
    }

    static long interval(Tcb t) {
        return (t.keepIntvlSeconds > 0 ? t.keepIntvlSeconds : t.stack.tunables().tcpKeepaliveIntvlSeconds) * 1_000_000L;
    }

    static int probes(Tcb t) {
        return t.keepCnt > 0 ? t.keepCnt : t.stack.tunables().tcpKeepaliveProbes;
    }

    /** tcp_fin_time: TCP_LINGER2 or tcp_fin_timeout, but at least 3.5 RTOs. */
    static long finTime(Tcb t) {
        long fin = (t.linger2Seconds > 0 ? t.linger2Seconds : t.stack.tunables().tcpFinTimeoutSeconds) * 1_000_000L;
        long rto = t.rtoMicros;
        long floor = (rto << 2) - (rto >> 1);
        return Math.max(fin, floor);
    }

    static void fire(Tcb t, long now) {
        if (!t.keepaliveEnabled || t.state == TcpState.CLOSED || t.state == TcpState.SYN_SENT
                || t.state == TcpState.LISTEN || t.timewaitSock) {
            return;
        }
        long when = time(t);
        if (t.inFlightSegments() > 0 || t.firstUnsent() != null) {
            t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, when));
            return;
        }
        long elapsed = now - Math.max(t.lastRecvMicros, t.lastAckRecvMicros);
        if (elapsed >= when) {
            long userTimeout = t.userTimeoutMillis * 1000;
            if ((userTimeout != 0 && elapsed >= userTimeout && t.probesOut > 0)
                    || (userTimeout == 0 && t.probesOut >= probes(t))) {
                Output.sendActiveReset(t, now);
                Timers.writeError(t);
                return;
            }
            // tcp_write_wakeup with nothing to send: tcp_xmit_probe_skb, seq snd_una - 1.
            Output.transmit(t, SeqNum.add(t.sndUna, -1), TcpFlags.ACK, 0, now);
            t.probesOut++;
            t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, interval(t)));
        } else {
            t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, when - elapsed));
        }
    }

    /** The FIN_WAIT2 branch of tcp_keepalive_timer: hand over to a timewait sock, or reset. */
    static void finWait2Timeout(Tcb t, long now) {
        if (t.state != TcpState.FIN_WAIT2 || !t.orphan) {
            return;
        }
        long tmo = finTime(t) - Rtt.TIMEWAIT_LEN_MICROS;
        if (tmo > 0 && !t.timewaitSock) {
            t.timewaitSock = true;
            t.transmitTimer = null;
            t.delayedAckTimer = null;
            t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, tmo));
            return;
        }
        Output.sendActiveReset(t, now);
        Closer.done(t, null);
    }
}
