package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;

/**
 * What happens when a timer fires: tcp_retransmit_timer (with tcp_write_timeout's give-up rules),
 * tcp_send_loss_probe, tcp_probe_timer, the delayed-ACK handler, and dispatch to the keepalive,
 * FIN_WAIT2 and TIME_WAIT handlers.
 */
final class Timers {
    private Timers() {
    }

    static void fire(Tcb t, Timer timer, long now) {
        switch (timer.slot()) {
            case TRANSMIT -> t.transmitTimer = null;
            case DELAYED_ACK -> t.delayedAckTimer = null;
            case SOCKET -> t.socketTimer = null;
        }
        switch (timer) {
            case Timer.Retransmit r -> retransmit(t, now);
            case Timer.LossProbe l -> lossProbe(t, now);
            case Timer.ReorderTimeout r -> Rack.reoTimeout(t, now);
            case Timer.ZeroWindowProbe z -> zeroWindowProbe(t, now);
            case Timer.SynAckRetransmit s -> {
                if (t.fastOpen.child) {
                    FastOpenServer.synAckTimer(t, now);
                } else {
                    Handshake.synAckTimer(t, now);
                }
            }
            case Timer.DelayedAck d -> delayedAck(t, now);
            case Timer.Keepalive k -> Keepalive.fire(t, now);
            case Timer.FinWait2Timeout f -> Keepalive.finWait2Timeout(t, now);
            case Timer.TimeWaitExpiry e -> t.stack.destroy(t);
        }
    }

    /** tcp_delack_timer_handler: send the held-back ACK; inflate ato (or leave pingpong mode). */
    private static void delayedAck(Tcb t, long now) {
        if (!t.ackScheduled || t.state == TcpState.CLOSED || t.state == TcpState.LISTEN) {
            return;
        }
        if (t.pingpong == 0) {
            t.atoMicros = Math.min(t.atoMicros << 1, t.rtoMicros);
        } else {
            t.pingpong = 0;
            t.atoMicros = Rtt.ATO_MIN_MICROS;
        }
        Output.sendAck(t, now);
    }

    /** tcp_write_timeout: whether to give up, with the orphan and SYN rules. */
    private static boolean writeTimeout(Tcb t, long now) {
        Tunables k = t.stack.tunables();
        boolean expired;
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) {
            // Linux 6.18 gives up on a SYN by time, not by count: retransmits_timed_out with
            // tcp_model_timeout(syn_retries, tcp_timeout_init, tcp_rto_max), the classic exponential
            // model that ignores tcp_syn_linear_timeouts. Verified on the kernel: syn_retries=2 sends
            // SYNs at 0..5 s and fails at 7 s; syn_retries=3 with tcp_rto_max_ms=1000 fails at 4 s.
            int retryUntil = t.synCount > 0 ? t.synCount : k.tcpSynRetries;
            expired = Rtt.retransmitsTimedOut(t, retryUntil, t.userTimeoutMillis * 1000, now);
        } else {
            long retryUntil = k.tcpRetries2;
            if (t.orphan) {
                boolean alive = Rtt.backedOff(t) < Rtt.rtoMax(t);
                retryUntil = orphanRetries(t, alive);
            }
            expired = Rtt.retransmitsTimedOut(t, retryUntil, t.userTimeoutMillis * 1000, now);
        }
        if (expired) {
            writeError(t);
        }
        return expired;
    }

    /** tcp_orphan_retries: 0 means 8 while the RTO is still short of its maximum. */
    static int orphanRetries(Tcb t, boolean alive) {
        int retries = t.stack.tunables().tcpOrphanRetries;
        if (t.pendingSoftError != null && !alive) {
            retries = 0;
        }
        if (retries == 0 && alive) {
            retries = 8;
        }
        return retries;
    }

    /** tcp_write_err: report ETIMEDOUT (or the soft error) and close without a RST. */
    static void writeError(Tcb t) {
        Errno e = t.pendingSoftError != null ? t.pendingSoftError : Errno.ETIMEDOUT;
        Closer.done(t, e);
    }

    /** tcp_retransmit_timer. */
    private static void retransmit(Tcb t, long now) {
        Tcb.Skb head = t.sendQueue.peekFirst();
        if (head == null || !head.sent) {
            return;
        }
        if (t.sndWnd == 0 && !t.orphan && t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECV) {
            // The receiver shrank its window to zero: retransmissions become probes that never time
            // out on their own (tcp_rtx_probe0_timed_out aside).
            LossRecovery.enterLoss(t, now);
            LossRecovery.retransmit(t, java.util.List.of(head), now);
            t.backoff++;
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Rtt.backedOff(t)));
            return;
        }
        if (writeTimeout(t, now)) {
            return;
        }
        // tcp_enter_loss, tcp_update_rto_stats, then tcp_retransmit_skb of the head.
        boolean handshake = t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV;
        if (handshake) {
            enterLoss(t);
        } else {
            LossRecovery.enterLoss(t, now);
        }
        t.retransmits++;
        t.totalRto++;
        RetransCollapse.beforeRetransmit(t, head);
        if (handshake) {
            Sender.transmitSkb(t, head, now, true);
        } else {
            LossRecovery.retransmit(t, java.util.List.of(head), now);
        }
        boolean linear = t.state == TcpState.SYN_SENT && t.totalRto <= t.stack.tunables().tcpSynLinearTimeouts;
        if (!linear) {
            t.backoff++;
        }
        long rto = Sender.clampToUserTimeout(t, Rtt.backedOff(t), now);
        t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, rto));
    }

    /**
     * tcp_enter_loss for a Fast Open child still in SYN_RECV (tcp_fastopen_synack_timer): only its
     * ECN side effect shows, since the SYN-ACK has its own timer; established connections go through
     * {@link LossRecovery#enterLoss}.
     */
    static void enterLoss(Tcb t) {
        Ecn.lossEntered(t);
        if (t.state == TcpState.SYN_RECV && t.listener == null && t.hasConnected) {
            // Crossed SYNs: the SYN-ACK's RTO leaves cwnd at 1 with the SYN in flight, so a FIN
            // queued by close() waits for the peer's ACK (verified on 6.18). The handshake's end
            // sets cwnd afresh otherwise (tcp_init_transfer).
            t.cwnd = 1;
        }
    }

    /** tcp_send_loss_probe: new data if any fits, else the last segment again; then the RTO. */
    private static void lossProbe(Tcb t, long now) {
        if (t.tlpHighSeq < 0) {
            t.tlpRetrans = false;
            Tcb.Skb unsent = t.firstUnsent();
            if (unsent != null && dev.jdrill.wire.SeqNum.le(dev.jdrill.wire.SeqNum.add(unsent.seq, unsent.len),
                    dev.jdrill.wire.SeqNum.add(t.sndUna, t.sndWnd))) {
                Sender.transmitSkb(t, unsent, now, false);
            } else {
                Tcb.Skb last = null;
                for (Tcb.Skb s : t.sendQueue) {
                    if (s.sent) {
                        last = s;
                    }
                }
                if (last != null) {
                    // __tcp_retransmit_skb directly: a probe does not start the retransmission clock.
                    long stamp = t.retransStampMicros;
                    Sender.transmitSkb(t, last, now, true);
                    t.retransStampMicros = stamp;
                    t.tlpRetrans = true;
                }
            }
            t.tlpHighSeq = t.sndNxt;
        }
        t.transmitTimer = new Timer.LossProbe(now);
        Sender.rearmRto(t, now);
    }

    /** tcp_probe_timer: zero-window probes (seq snd_una − 1), given up after tcp_retries2 of them. */
    private static void zeroWindowProbe(Tcb t, long now) {
        if (t.stack.deviceDropsAll()) {
            LocalCongestion.probeTimer(t, now);
            return;
        }
        if (t.inFlightSegments() > 0 || t.firstUnsent() == null) {
            t.probesOut = 0;
            return;
        }
        long maxProbes = t.stack.tunables().tcpRetries2;
        if (t.orphan) {
            boolean alive = Rtt.backedOff(t) < Rtt.rtoMax(t);
            maxProbes = orphanRetries(t, alive);
            if (!alive && t.backoff >= maxProbes) {
                writeError(t);
                return;
            }
        }
        if (t.userTimeoutMillis > 0) {
            long elapsed = Rtt.modelTimeout(t.probesOut, Math.max(t.rtoMicros, Rtt.rtoMin(t)), Rtt.rtoMax(t));
            if (elapsed >= t.userTimeoutMillis * 1000) {
                writeError(t);
                return;
            }
        }
        if (t.probesOut >= maxProbes) {
            writeError(t);
            return;
        }
        if (t.sndWnd > 0) {
            // tcp_write_wakeup: the window is open, so what waits is corked or Nagle-held data; it goes
            // out now, with PSH, whatever Nagle says. With data in flight the RTO takes over and the
            // probe count and backoff start again (tcp_send_probe0).
            t.firstUnsent().psh = true;
            Sender.push(t, now, Nagle.PUSH);
            if (t.inFlightSegments() > 0) {
                t.probesOut = 0;
                t.backoff = 0;
                return;
            }
        } else {
            Output.transmit(t, dev.jdrill.wire.SeqNum.add(t.sndUna, -1), dev.jdrill.wire.TcpFlags.ACK, 0, now);
        }
        t.probesOut++;
        if (t.backoff < t.stack.tunables().tcpRetries2) {
            t.backoff++;
        }
        long when = Math.min(Math.max(t.rtoMicros, Rtt.rtoMin(t)) << t.backoff, Rtt.rtoMax(t));
        if (t.inFlightSegments() == 0) {
            t.transmitTimer = new Timer.ZeroWindowProbe(Rtt.timerDeadline(now, when));
        }
    }
}
