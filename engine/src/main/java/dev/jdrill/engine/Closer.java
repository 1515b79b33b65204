package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.Optional;

/**
 * Teardown: tcp_close, tcp_shutdown, tcp_send_fin, the FIN_WAIT1 → FIN_WAIT2 → TIME_WAIT path of
 * tcp_rcv_state_process, tcp_reset / tcp_done, and tcp_timewait_state_process for TIME_WAIT and
 * for the timewait sock that stands in for an orphaned FIN_WAIT2.
 */
final class Closer {
    private Closer() {
    }

    /** tcp_close. */
    static void close(Tcb t, long now) {
        t.rcvShutdown = true;
        t.sndShutdown = true;
        if (t.state == TcpState.LISTEN) {
            // inet_csk_listen_stop: children never accepted are reset, requests forgotten.
            for (Tcb child : t.acceptQueue) {
                child.orphan = true;
                if (child.state != TcpState.CLOSED) {           // a child reset before accept() is gone already
                    Output.sendActiveReset(child, now);
                    done(child, null);
                }
            }
            t.acceptQueue.clear();
            for (Tcb r : java.util.List.copyOf(t.requests)) {
                Handshake.dropRequest(r);
            }
            t.stack.destroy(t);
            return;
        }
        t.orphan = true;
        long unread = t.unreadBytes;
        switch (t.state) {
            case CLOSED -> {
                t.stack.destroy(t);
                return;
            }
            case SYN_SENT -> {
                // tcp_close_state(SYN_SENT) = CLOSE: no FIN and no RST; a later SYN-ACK meets a RST.
                t.stack.destroy(t);
                return;
            }
            default -> {
            }
        }
        if (unread > 0) {
            // Unread data was tossed: zap the connection (RFC 2525 2.17).
            Output.sendActiveReset(t, now);
            done(t, null);
            return;
        }
        if (t.lingerOn && t.lingerSeconds == 0) {
            // SO_LINGER {1, 0}: tcp_disconnect, a RST for every state that has a peer to tell.
            if (t.state != TcpState.SYN_SENT) {
                Output.sendActiveReset(t, now);
            }
            done(t, null);
            return;
        }
        closeState(t, now);
        if (t.state == TcpState.FIN_WAIT2) {
            orphanedFinWait2(t, now, false);
        }
    }

    /** tcp_close_state + tcp_send_fin. */
    private static void closeState(Tcb t, long now) {
        switch (t.state) {
            case ESTABLISHED, SYN_RECV -> {
                t.state = TcpState.FIN_WAIT1;
                sendFin(t, now);
            }
            case CLOSE_WAIT -> {
                t.state = TcpState.LAST_ACK;
                sendFin(t, now);
            }
            default -> {
            }
        }
    }

    /** tcp_send_fin: FIN rides on the unsent tail if there is one, else a new FIN skb. */
    static void sendFin(Tcb t, long now) {
        Tcb.Skb tail = t.sendQueue.peekLast();
        if (tail != null && !tail.sent && !tail.syn) {
            tail.fin = true;
        } else {
            Tcb.Skb fin = new Tcb.Skb(Sender.writeSeq(t), 0);
            fin.fin = true;
            t.sendQueue.add(fin);
        }
        t.finQueued = true;
        Tcb.Skb finSkb = t.sendQueue.peekLast();
        // __tcp_push_pending_frames with TCP_NAGLE_OFF: the FIN goes out now if cwnd/rwnd allow.
        boolean idle = t.inFlightSegments() == 0;
        Sender.push(t, now);
        if (!finSkb.sent && finSkb.len == 0 && t.sndWnd == 0 && idle) {
            // A bare FIN is sent even into a zero window (tcp_send_fin forces it).
            Sender.transmitSkb(t, finSkb, now, false);
        }
        if (idle && t.inFlightSegments() > 0 && !(t.transmitTimer instanceof Timer.Retransmit)
                && !(t.transmitTimer instanceof Timer.LossProbe)) {
            Sender.rearmRto(t, now);
        }
    }

    /** inet_shutdown + tcp_shutdown. */
    static SocketCallResult shutdown(Tcb t, int how, long now) {
        boolean rd = how == 0 || how == 2;
        boolean wr = how == 1 || how == 2;
        switch (t.state) {
            case CLOSED -> {
                return fail(Errno.ENOTCONN);
            }
            case LISTEN -> {
                if (rd) {
                    close(t, now);
                    t.state = TcpState.CLOSED;
                }
                return ok(0);
            }
            case SYN_SENT -> {
                t.stack.destroy(t);
                t.connectInProgress = false;
                return ok(0);
            }
            default -> {
            }
        }
        if (rd) {
            t.rcvShutdown = true;
        }
        if (wr && !t.sndShutdown) {
            t.sndShutdown = true;
            closeState(t, now);
        }
        return ok(0);
    }

    /** tcp_reset: the peer reset us. The error depends on the state (ECONNREFUSED in SYN_SENT, EPIPE in CLOSE_WAIT). */
    static void reset(Tcb t, long now) {
        Errno e = switch (t.state) {
            case SYN_SENT -> Errno.ECONNREFUSED;
            case CLOSE_WAIT -> Errno.EPIPE;
            case CLOSED -> null;
            default -> Errno.ECONNRESET;
        };
        done(t, e);
    }

    /** tcp_done: CLOSED, timers stopped, both directions shut; the error (if any) goes to sk_err. */
    static void done(Tcb t, Errno error) {
        if (error != null) {
            t.pendingError = error;
            t.terminalError = error;
        }
        t.rcvShutdown = true;
        t.sndShutdown = true;
        t.sendQueue.clear();
        t.outOfOrder.clear();
        FastOpenServer.requestDone(t, false, 0);
        if (t.listener != null) {
            // A child not yet accepted stays in the accept queue: accept() hands it out closed, its
            // unread data and error intact (corpus fastopen/server/reset-non-tfo-socket.pkt on 6.18).
            t.listener.requests.remove(t);
        }
        t.stack.destroy(t);
    }

    /** Our FIN was acknowledged: FIN_WAIT1 → FIN_WAIT2, CLOSING → TIME_WAIT, LAST_ACK → gone. */
    static void ourFinAcked(Tcb t, boolean finAcked, TcpSegment seg, long now) {
        if (!finAcked) {
            return;
        }
        switch (t.state) {
            case FIN_WAIT1 -> {
                t.state = TcpState.FIN_WAIT2;
                t.sndShutdown = true;
                t.transmitTimer = null;
                if (t.orphan) {
                    orphanedFinWait2(t, now, seg.flags().fin());
                }
            }
            case CLOSING -> enterTimeWait(t, now);
            case LAST_ACK -> done(t, null);
            default -> {
            }
        }
    }

    /**
     * An orphan reached FIN_WAIT2: tcp_fin_time decides how long to wait for the peer's FIN. Up to
     * 60 s it becomes a timewait sock in substate FIN_WAIT2 (tcp_time_wait(sk, TCP_FIN_WAIT2, tmo));
     * longer TCP_LINGER2 values first wait on the keepalive timer. TCP_LINGER2 &lt; 0: reset at once.
     */
    static void orphanedFinWait2(Tcb t, long now, boolean finInSameSegment) {
        if (t.linger2Seconds < 0) {
            Output.sendActiveReset(t, now);
            done(t, null);
            return;
        }
        long tmo = Keepalive.finTime(t);
        if (tmo > Rtt.TIMEWAIT_LEN_MICROS) {
            t.socketTimer = new Timer.FinWait2Timeout(Rtt.timerDeadline(now, tmo - Rtt.TIMEWAIT_LEN_MICROS));
        } else if (finInSameSegment) {
            t.socketTimer = new Timer.FinWait2Timeout(Rtt.timerDeadline(now, tmo));
        } else {
            becomeTimewaitSock(t);
            t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, tmo));
        }
    }

    private static void becomeTimewaitSock(Tcb t) {
        t.timewaitSock = true;
        t.transmitTimer = null;
        t.delayedAckTimer = null;
        t.sendQueue.clear();
    }

    /** tcp_time_wait(sk, TCP_TIME_WAIT, 0): 60 s (TCP_TIMEWAIT_LEN) of answering stray segments. */
    static void enterTimeWait(Tcb t, long now) {
        t.fdSeesClose = t.fd >= 0;
        becomeTimewaitSock(t);
        t.state = TcpState.TIME_WAIT;
        t.orphan = true;
        t.rcvShutdown = true;
        t.sndShutdown = true;
        t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, Rtt.TIMEWAIT_LEN_MICROS));
    }

    /** tcp_timewait_state_process for the FIN_WAIT2 substate. */
    static void finWait2TimewaitReceive(Tcb t, IpPacket in, TcpSegment seg, long now) {
        long end = SeqNum.add(seg.seq(), seg.sequenceLength());
        long wndEnd = SeqNum.add(t.rcvNxt, t.rcvWnd);
        boolean inWindow = seg.sequenceLength() == 0
                ? SeqNum.ge(seg.seq(), t.rcvNxt) && SeqNum.le(seg.seq(), wndEnd)
                : SeqNum.lt(seg.seq(), wndEnd) && SeqNum.gt(end, t.rcvNxt);
        if (!inWindow && !(seg.seq() == t.rcvNxt)) {
            Output.sendDupAckRateLimited(t, now);
            return;
        }
        if (seg.flags().rst()) {
            t.stack.destroy(t);
            return;
        }
        if (seg.flags().syn() && !SeqNum.lt(seg.seq(), t.rcvNxt)) {
            Output.sendResetFor(t.stack, in, seg);
            return;
        }
        if (!seg.flags().ack() || !SeqNum.gt(end, t.rcvNxt) || seg.sequenceLength() == 0) {
            return;
        }
        if (!seg.flags().fin() || end != SeqNum.add(t.rcvNxt, 1)) {
            // New data after a half-duplex close: reset.
            Output.sendResetFor(t.stack, in, seg);
            t.stack.destroy(t);
            return;
        }
        t.rcvNxt = end;
        seg.option(TcpOption.Timestamp.class).ifPresent(ts -> t.tsRecent = ts.val());
        t.state = TcpState.TIME_WAIT;
        t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, Rtt.TIMEWAIT_LEN_MICROS));
        Output.sendAck(t, now);
    }

    /**
     * tcp_timewait_state_process in TIME_WAIT. Returns the ISN for a new incarnation when a SYN
     * may reopen the connection (seq above rcv_nxt, or a newer timestamp, TCP_TW_SYN); the caller
     * hands that SYN to a listener and ends the TIME_WAIT, or, with no listener, answers it with
     * {@link #timeWaitAck} (tcp_v4_rcv falls through to tcp_v4_timewait_ack).
     */
    static Optional<Long> timeWaitReceive(Tcb t, TcpSegment seg, long now) {
        var ts = seg.option(TcpOption.Timestamp.class);
        boolean pawsReject = t.tsOk && ts.isPresent() && SeqNum.diff(ts.get().val(), t.tsRecent) < 0 && !seg.flags().rst();
        boolean bare = seg.sequenceLength() == 0;
        if (!pawsReject && seg.seq() == t.rcvNxt && (bare || seg.flags().rst())) {
            if (seg.flags().rst()) {
                if (t.stack.tunables().tcpRfc1337 == 0) {
                    t.stack.destroy(t);
                }
                return Optional.empty();
            }
            t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, Rtt.TIMEWAIT_LEN_MICROS));
            return Optional.empty();
        }
        if (seg.flags().syn() && !seg.flags().rst() && !seg.flags().ack() && !pawsReject
                && (SeqNum.gt(seg.seq(), t.rcvNxt) || (ts.isPresent() && t.tsOk && SeqNum.diff(t.tsRecent, ts.get().val()) < 0))) {
            long isn = SeqNum.add(t.sndNxt, 65535 + 2);
            return Optional.of(isn == 0 ? 1 : isn);
        }
        if (!seg.flags().rst()) {
            if (pawsReject || seg.flags().ack()) {
                t.socketTimer = new Timer.TimeWaitExpiry(Rtt.timerDeadline(now, Rtt.TIMEWAIT_LEN_MICROS));
            }
            Output.sendDupAckRateLimited(t, now);
        }
        return Optional.empty();
    }

    /** tcp_v4_timewait_ack: the TIME_WAIT socket's ACK, not rate limited (the TCP_TW_SYN path). */
    static void timeWaitAck(Tcb t, long now) {
        Output.sendAck(t, now);
    }
}
