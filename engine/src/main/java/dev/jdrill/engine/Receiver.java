package dev.jdrill.engine;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.Map;

/**
 * Segment arrival on a synchronized connection: tcp_rcv_state_process / tcp_rcv_established —
 * validation (PAWS, tcp_sequence, RFC 5961 RST and SYN handling), then tcp_ack, tcp_data_queue,
 * tcp_fin, and finally tcp_data_snd_check / tcp_ack_snd_check.
 */
final class Receiver {
    private Receiver() {
    }

    static void receive(Tcb t, IpPacket in, TcpSegment seg, long now) {
        t.segsIn++;
        switch (t.state) {
            case SYN_SENT -> Handshake.synSentReceive(t, in, seg, now);
            case SYN_RECV -> {
                if (t.fastOpen.child) {
                    FastOpenServer.childReceive(t, in, seg, now);
                } else if (t.listener != null) {
                    Handshake.requestReceive(t, in, seg, now);
                } else {
                    synchronizedReceive(t, in, seg, now);
                }
            }
            case LISTEN, CLOSED, TIME_WAIT -> {
            }
            case ESTABLISHED, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK -> {
                if (t.timewaitSock) {
                    Closer.finWait2TimewaitReceive(t, in, seg, now);
                } else {
                    synchronizedReceive(t, in, seg, now);
                }
            }
        }
    }

    private static void synchronizedReceive(Tcb t, IpPacket in, TcpSegment seg, long now) {
        TcpFlags f = seg.flags();
        var ts = seg.option(TcpOption.Timestamp.class);
        // PAWS (tcp_paws_discard): an older timestamp than the last in-window one means a stale segment.
        if (t.tsOk && ts.isPresent() && !f.rst() && SeqNum.diff(ts.get().val(), t.tsRecent) < 0) {
            Output.sendDupAckRateLimited(t, now);
            return;
        }
        long end = SeqNum.add(seg.seq(), seg.sequenceLength());
        long rightEdge = SeqNum.add(t.rcvNxt, Windows.currentWindow(t));
        // tcp_sequence: some part of the segment must fall inside the window.
        boolean acceptable = !SeqNum.lt(end, t.rcvWup) && !SeqNum.gt(seg.seq(), rightEdge);
        if (!acceptable) {
            if (f.rst() && resetCheck(t, seg)) {
                Closer.reset(t, now);
                return;
            }
            if (!f.rst()) {
                if (f.syn()) {
                    Output.sendChallengeAck(t, now);
                } else {
                    sendDupAck(t, seg, now);
                }
            }
            return;
        }
        if (f.rst()) {
            // RFC 5961 3.2: only an exact match resets; anything else in window gets a challenge ACK.
            if (seg.seq() == t.rcvNxt || resetCheck(t, seg)) {
                Closer.reset(t, now);
            } else {
                Output.sendChallengeAck(t, now);
            }
            return;
        }
        // tcp_replace_ts_recent: remember the timestamp of a segment covering the left window edge —
        // inside tcp_ack, once the ACK is known to be acceptable ("ts_recent update must be made
        // after we are sure that the packet is in window"): not for a SYN, an ACK of unsent data or
        // an old ACK (corpus ts_recent/invalid_ack.pkt).
        boolean coversLeftEdge = t.tsOk && ts.isPresent() && SeqNum.le(seg.seq(), t.rcvWup);
        long priorSndUna = t.sndUna;
        if (f.syn() && simultaneousOpenSynAck(t, seg)) {
            // tcp_validate_incoming lets the peer's SYN-ACK through in our SYN_RECV (simultaneous
            // open); its SYN is a duplicate, so tcp_data_queue answers with a D-SACK of it at once.
            ackOfSyn(t, seg, now);
            t.transmitTimer = null;
            Handshake.establish(t, now);
            t.sndWnd = (long) seg.window() << t.sndWscale;
            t.maxWindow = t.sndWnd;
            t.sndWl1 = seg.seq();
            Handshake.syncMss(t);
            if (t.stack.tunables().tcpDsack != 0) {
                t.dsackStart = seg.seq();
                t.dsackEnd = SeqNum.add(seg.seq(), 1);
            }
            t.ackNow = true;
            Output.sendAck(t, now);
            return;
        }
        if (f.syn()) {
            // RFC 5961 4.2: a SYN on a synchronized connection is answered with a challenge ACK.
            Output.sendChallengeAck(t, now);
            return;
        }
        if (!f.ack()) {
            return;
        }
        if (t.state == TcpState.SYN_RECV) {
            // Simultaneous open completes when our SYN is acknowledged.
            if (seg.ack() != SeqNum.add(t.iss, 1)) {
                Output.sendResetFor(t.stack, in, seg);
                return;
            }
            ackOfSyn(t, seg, now);
            t.transmitTimer = null;
            Handshake.establish(t, now);
            t.sndWnd = (long) seg.window() << t.sndWscale;
            t.maxWindow = t.sndWnd;
            t.sndWl1 = seg.seq();
            Handshake.syncMss(t);
        } else if (!Sender.ack(t, seg, now)) {
            return;
        } else {
            Ecn.ackReceived(t, seg);
        }
        if (coversLeftEdge && !SeqNum.lt(seg.ack(), priorSndUna)) {
            t.tsRecent = ts.get().val();
        }
        if (t.state == TcpState.CLOSED) {
            return;
        }
        boolean carriesData = !seg.payload().isEmpty() || f.fin();
        if (carriesData && t.rcvShutdown && (t.state == TcpState.FIN_WAIT1 || t.state == TcpState.FIN_WAIT2)
                && SeqNum.gt(SeqNum.add(seg.seq(), seg.payload().length()), t.rcvNxt)
                && !seg.payload().isEmpty()) {
            // tcp_rcv_state_process: new data after the receive side was shut (close() or
            // shutdown(SHUT_RD)) — RFC 1122 says reset (LINUX_MIB_TCPABORTONDATA). tcp_reset leaves
            // ECONNRESET for a read() that still holds the fd (scripts/teardown/shutdown-rdwr.pkt).
            Output.sendResetFor(t.stack, in, seg);
            Closer.reset(t, now);
            return;
        }
        if (carriesData) {
            Ecn.dataReceived(t, in, seg);
            dataAndFin(t, seg, now);
        }
        if (t.state == TcpState.CLOSED || t.state == TcpState.TIME_WAIT) {
            return;
        }
        Sender.push(t, now);
        ackSndCheck(t, now);
    }

    /**
     * tcp_reset_check: after the peer's FIN, a RST at rcv_nxt - 1 (the peer's kernel answering our
     * data from a socket it no longer has) is accepted in CLOSE_WAIT, LAST_ACK and CLOSING.
     */
    private static boolean resetCheck(Tcb t, TcpSegment seg) {
        return seg.seq() == SeqNum.add(t.rcvNxt, -1) && (t.state == TcpState.CLOSE_WAIT
                || t.state == TcpState.LAST_ACK || t.state == TcpState.CLOSING);
    }

    /** tcp_validate_incoming's exception: the SYN-ACK of a simultaneous open, in our SYN_RECV. */
    private static boolean simultaneousOpenSynAck(Tcb t, TcpSegment seg) {
        return t.state == TcpState.SYN_RECV && t.listener == null && seg.flags().ack()
                && SeqNum.add(seg.seq(), 1) == t.rcvNxt && seg.ack() == t.sndNxt;
    }

    /** The ACK of our SYN (or SYN-ACK): first RTT sample, snd_una moves past the SYN. */
    static void ackOfSyn(Tcb t, TcpSegment seg, long now) {
        Tcb.Skb syn = t.sendQueue.pollFirst();
        t.sndUna = seg.ack();
        t.delivered++;                                  // the SYN (tcp_clean_rtx_queue / the SYN_RECV step)
        t.lastAckRecvMicros = now;
        if (syn != null && !syn.everRetransmitted) {
            Rtt.sample(t, now - syn.sentMicros);
        } else if (t.tsOk) {
            seg.option(TcpOption.Timestamp.class).filter(ts -> ts.ecr() != 0)
                    .ifPresent(ts -> Rtt.sample(t, (Options.tsVal(t, now) - ts.ecr()) * 1000));
        }
    }

    /** tcp_data_queue (+ tcp_fin): in-order data is queued, out-of-order kept, old data re-acked. */
    static void dataAndFin(Tcb t, TcpSegment seg, long now) {
        int len = seg.payload().length();
        long seq = seg.seq();
        boolean fin = seg.flags().fin();
        long end = SeqNum.add(seq, len);
        if (t.finReceived) {
            // Data or FIN past the peer's FIN: a retransmission; re-ACK at once.
            enterQuickAck(t);
            t.ackNow = true;
            return;
        }
        if (len > 0 && !SeqNum.gt(end, t.rcvNxt) && !(fin && end == t.rcvNxt)) {
            // Entirely old: a retransmission our ACK did not reach (tcp_data_queue out_of_window).
            dsackSet(t, seq, SeqNum.add(end, fin ? 1 : 0));
            enterQuickAck(t);
            t.ackNow = true;
            return;
        }
        if (len == 0 && fin && SeqNum.lt(seq, t.rcvNxt)) {
            enterQuickAck(t);
            t.ackNow = true;
            return;
        }
        if (Windows.currentWindow(t) == 0 && len > 0 && SeqNum.ge(seq, t.rcvNxt)) {
            enterQuickAck(t);
            t.ackNow = true;
            return;
        }
        if (SeqNum.gt(seq, t.rcvNxt)) {
            // Out of order: keep it, and send a duplicate ACK (with SACK) right away.
            long startOff = SeqNum.diff(seq, t.irs) & 0xffff_ffffL;
            long endOff = startOff + len + (fin ? 1 : 0);
            t.outOfOrder.merge(startOff, endOff, Math::max);
            mergeOutOfOrder(t);
            t.ackNow = true;
            t.dataSegsIn += len > 0 ? 1 : 0;
            return;
        }
        // In order (possibly overlapping the left edge): take the new part, D-SACK the old one.
        if (len > 0 && SeqNum.lt(seq, t.rcvNxt)) {
            dsackSet(t, seq, t.rcvNxt);
        }
        int fresh = (int) SeqNum.diff(end, t.rcvNxt);
        if (fresh > 0) {
            t.rcvNxt = end;
            t.unreadBytes += fresh;
            t.rmemAlloc += Windows.truesize(fresh);
            t.bytesReceived += fresh;
            t.dataSegsIn++;
            t.lastDataRecvMicros = now;
            dataReceivedEvent(t, len, now);
            // tcp_event_data_recv schedules the ACK before tcp_fin runs, so the ACK tcp_fin sends in
            // FIN_WAIT1 / FIN_WAIT2 satisfies it: no second ACK follows (simultaneous close).
            t.ackScheduled = true;
        }
        if (fin) {
            finReceived(t, now);
        }
        if (!t.outOfOrder.isEmpty()) {
            drainOutOfOrder(t, now);
            if (t.outOfOrder.isEmpty()) {
                t.ackNow = true;
            }
        }
    }

    /** tcp_dsack_set: report a duplicate range once, when SACK and tcp_dsack allow it (RFC 2883). */
    private static void dsackSet(Tcb t, long start, long end) {
        if (t.sackOk && t.stack.tunables().tcpDsack != 0) {
            t.dsackStart = start;
            t.dsackEnd = end;
        }
    }

    /**
     * tcp_send_dupack for a segment outside the window, rate limited (tcp_oow_rate_limited): a
     * duplicate of data below rcv_nxt is D-SACKed and puts the receiver into quick-ACK mode.
     */
    private static void sendDupAck(Tcb t, TcpSegment seg, long now) {
        long limit = t.stack.tunables().tcpInvalidRatelimitMillis * 1000L;
        if (now - t.lastOutOfWindowAckMicros < limit) {
            return;
        }
        long end = SeqNum.add(seg.seq(), seg.sequenceLength());
        if (end != seg.seq() && SeqNum.lt(seg.seq(), t.rcvNxt)) {
            enterQuickAck(t);
            dsackSet(t, seg.seq(), SeqNum.gt(end, t.rcvNxt) ? t.rcvNxt : end);
        }
        Output.sendDupAckRateLimited(t, now);
    }

    private static void mergeOutOfOrder(Tcb t) {
        Long prevStart = null;
        for (Map.Entry<Long, Long> e : Map.copyOf(t.outOfOrder).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            if (prevStart != null && e.getKey() <= t.outOfOrder.get(prevStart)) {
                t.outOfOrder.put(prevStart, Math.max(t.outOfOrder.get(prevStart), e.getValue()));
                t.outOfOrder.remove(e.getKey());
            } else {
                prevStart = e.getKey();
            }
        }
    }

    /** tcp_ofo_queue: move now-contiguous data (and a queued FIN) into the receive queue. */
    private static void drainOutOfOrder(Tcb t, long now) {
        long nxtOff = SeqNum.diff(t.rcvNxt, t.irs) & 0xffff_ffffL;
        while (!t.outOfOrder.isEmpty() && t.outOfOrder.firstKey() <= nxtOff) {
            Map.Entry<Long, Long> e = t.outOfOrder.pollFirstEntry();
            if (e.getValue() > nxtOff) {
                long add = e.getValue() - nxtOff;
                t.rcvNxt = SeqNum.add(t.rcvNxt, add);
                t.unreadBytes += add;
                t.rmemAlloc += Windows.truesize(add);
                t.bytesReceived += add;
                nxtOff = e.getValue();
            }
        }
    }

    /** tcp_event_data_recv: quick-ack mode at the start, ato tracking, receive MSS, window growth. */
    private static void dataReceivedEvent(Tcb t, int len, long now) {
        // tcp_measure_rcv_mss
        if (len >= t.rcvMss) {
            Windows.measureScalingRatio(t, len);
            t.rcvMss = Math.min(len, t.advMss);
        } else if (len < t.rcvMss) {
            t.ackPushed = true;
        }
        if (t.atoMicros == 0) {
            incrQuickAck(t, 16);
            t.atoMicros = Rtt.ATO_MIN_MICROS;
        } else {
            long m = now - t.lastRecvMicros;
            if (m <= Rtt.ATO_MIN_MICROS / 2) {
                t.atoMicros = (t.atoMicros >> 1) + Rtt.ATO_MIN_MICROS / 2;
            } else if (m < t.atoMicros) {
                t.atoMicros = (t.atoMicros >> 1) + m;
                t.atoMicros = Math.min(t.atoMicros, t.rtoMicros);
            } else if (m > t.rtoMicros) {
                // Idle for more than an RTO: start over in quick-ack mode.
                incrQuickAck(t, 16);
            }
        }
        t.lastRecvMicros = now;
        if (len >= 128) {
            Windows.grow(t, len);
        }
    }

    /** tcp_incr_quickack: enough immediate ACKs to open the sender's cwnd quickly. */
    static void incrQuickAck(Tcb t, int max) {
        long quick = t.rcvWnd / (2L * Math.max(1, t.rcvMss));
        if (quick == 0) {
            quick = 2;
        }
        quick = Math.min(quick, max);
        if (quick > t.quickAcks) {
            t.quickAcks = (int) quick;
        }
    }

    /** tcp_enter_quickack_mode. */
    static void enterQuickAck(Tcb t) {
        incrQuickAck(t, 16);
        t.pingpong = 0;
        t.atoMicros = Rtt.ATO_MIN_MICROS;
    }

    /** tcp_fin. */
    private static void finReceived(Tcb t, long now) {
        t.rcvNxt = SeqNum.add(t.rcvNxt, 1);
        t.finReceived = true;
        t.rcvShutdown = true;
        t.ackScheduled = true;
        switch (t.state) {
            case SYN_RECV, ESTABLISHED -> {
                t.state = TcpState.CLOSE_WAIT;
                // inet_csk_enter_pingpong_mode: the ACK is delayed by ato — the next jiffy when no
                // data came before (ato 0), ~40 ms after data (verified on 6.18).
                t.pingpong = Math.max(t.pingpong, 1);
            }
            case FIN_WAIT1 -> {
                Output.sendAck(t, now);
                t.state = TcpState.CLOSING;
            }
            case FIN_WAIT2 -> {
                Output.sendAck(t, now);
                Closer.enterTimeWait(t, now);
            }
            default -> {
            }
        }
    }

    /** __tcp_ack_snd_check: ACK now, or arm the delayed-ACK timer. */
    static void ackSndCheck(Tcb t, long now) {
        if (!t.ackScheduled && !t.ackNow) {
            return;
        }
        boolean twoSegments = SeqNum.diff(t.rcvNxt, t.rcvWup) > t.rcvMss && Windows.select(t) >= t.rcvWnd;
        boolean quick = t.quickAcks > 0 && t.pingpong == 0;
        if (twoSegments || quick || t.ackNow) {
            Output.sendAck(t, now);
            return;
        }
        sendDelayedAck(t, now);
    }

    /** tcp_send_delayed_ack. */
    static void sendDelayedAck(Tcb t, long now) {
        long ato = t.atoMicros;
        if (ato > Rtt.DELACK_MIN_MICROS) {
            long maxAto = 500_000;
            if (t.pingpong > 0 || t.ackPushed) {
                maxAto = Rtt.DELACK_MAX_MICROS;
            }
            if (t.srttUs8 != 0) {
                long rtt = Math.max(t.srttUs8 >> 3, Rtt.DELACK_MIN_MICROS);
                maxAto = Math.min(maxAto, rtt);
            }
            ato = Math.min(ato, maxAto);
        }
        long deadline = Rtt.timerDeadline(now, ato);
        if (t.delayedAckTimer != null && t.delayedAckTimer.deadlineMicros() <= deadline) {
            return;
        }
        t.delayedAckTimer = new Timer.DelayedAck(deadline);
    }

    /** The application took {@code n} bytes (tcp_recvmsg + tcp_cleanup_rbuf's window-update ACK). */
    static void consume(Tcb t, long n, long now) {
        t.rmemAlloc = t.unreadBytes - n == 0 ? 0 : t.rmemAlloc * (t.unreadBytes - n) / t.unreadBytes;
        t.unreadBytes -= n;
        t.copiedSeq = SeqNum.add(t.copiedSeq, n);
        if (t.state == TcpState.CLOSED || t.rcvShutdown) {
            return;
        }
        boolean timeToAck = false;
        if (t.ackScheduled && (SeqNum.diff(t.rcvNxt, t.rcvWup) > t.rcvMss
                || (t.ackPushed && t.pingpong == 0 && t.unreadBytes == 0))) {
            timeToAck = true;
        }
        long windowNow = Windows.currentWindow(t);
        if (!timeToAck && 2 * windowNow <= t.windowClamp) {
            long next = Windows.select(t);
            if (next != 0 && next >= 2 * windowNow) {
                timeToAck = true;
            }
        }
        if (timeToAck) {
            Output.sendAck(t, now);
        }
    }
}
