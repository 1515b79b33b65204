package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;

/**
 * The send side: tcp_sendmsg's segmentation, tcp_write_xmit (cwnd, receive window, Nagle with
 * Minshall's rule), tcp_ack (window update, snd_una, RTT, cwnd growth, fast retransmit after
 * tcp_reordering duplicate ACKs) and the RTO / TLP arming of tcp_rearm_rto and
 * tcp_schedule_loss_probe.
 */
final class Sender {
    private Sender() {
    }

    /** tcp_sendmsg_locked for a plain write of {@code length} bytes (see {@link SendMsg}). */
    static void write(Tcb t, long length, long now) {
<<<<<<< HEAD
        long remaining = length;
        long seq = writeSeq(t);
        Tcb.Skb tail = t.sendQueue.peekLast();
        while (remaining > 0) {
            if (tail != null && !tail.sent && !tail.fin && !tail.syn && tail.len < t.mssCache) {
                int add = (int) Math.min(remaining, t.mssCache - tail.len);
                tail.len += add;
                remaining -= add;
                seq = SeqNum.add(seq, add);
                continue;
            }
            int len = (int) Math.min(remaining, t.mssCache);
            tail = new Tcb.Skb(seq, len);
            t.sendQueue.add(tail);
            CwndValidation.restartAfterIdle(t, now); // tcp_skb_entail
            remaining -= len;
            seq = SeqNum.add(seq, len);
        }
        if (tail != null) {
            tail.psh = true;
            tail.pushEnd = true;
            Tso.markPush(t, SeqNum.add(seq, -length), length);
        }
        push(t, now);
=======
        SendMsg.append(t, SendRequest.of(length, false), length, now);
>>>>>>> sendpath
    }

    /** write_seq: the end of everything queued. */
    static long writeSeq(Tcb t) {
        Tcb.Skb last = t.sendQueue.peekLast();
        return last == null ? t.sndNxt : last.endSeq();
    }

    /** tcp_push_pending_frames: tcp_write_xmit with the socket's own Nagle / cork setting. */
    static void push(Tcb t, long now) {
<<<<<<< HEAD
        if (t.state == TcpState.SYN_SENT || (t.state == TcpState.SYN_RECV && !t.fastOpen.child) || t.state == TcpState.CLOSED
=======
        push(t, now, Nagle.socketNonagle(t));
    }

    /** tcp_write_xmit: send what cwnd, the peer's window and Nagle (as {@code nonagle} says, see {@link Nagle}) allow. */
    static void push(Tcb t, long now, int nonagle) {
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV || t.state == TcpState.CLOSED
>>>>>>> sendpath
                || t.state == TcpState.LISTEN || t.state == TcpState.TIME_WAIT) {
            return;
        }
        if (LocalCongestion.blocksNewData(t, now)) {
            return;
        }
        boolean sentNew = false;
        boolean rwndLimited = false;
        java.util.List<Tcb.Skb> run = new java.util.ArrayList<>();
        long runBytes = 0;
        long inFlight = Scoreboard.packetsInFlight(t);
        boolean cwndLimited = false;
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent) {
                continue;
            }
            if (inFlight + run.size() >= t.cwnd) {
                cwndLimited = true;
                break;
            }
            long windowEnd = SeqNum.add(t.sndUna, t.sndWnd);
            if (SeqNum.gt(SeqNum.add(s.seq, s.len), windowEnd) && s.len > 0) {
                rwndLimited = true;
                break;
            }
            if (Nagle.holds(t, s, s == t.sendQueue.peekLast(), nonagle)) {
                break;
            }
            if (!Tso.canJoin(t, run, runBytes, s)) {
                sentNew |= transmitRun(t, run, now);
                inFlight = Scoreboard.packetsInFlight(t);
                run.clear();
                runBytes = 0;
            }
            run.add(s);
            runBytes += s.len;
        }
        sentNew |= transmitRun(t, run, now);
<<<<<<< HEAD
        cwndLimited |= Scoreboard.packetsInFlight(t) >= t.cwnd;
        if (sentNew || cwndLimited) {
            CwndValidation.validate(t, cwndLimited, now);
=======
        if (rwndLimited) {
            t.chrono.start(Chrono.RWND_LIMITED, now);
        } else {
            t.chrono.stop(t, Chrono.RWND_LIMITED, now);
>>>>>>> sendpath
        }
        if (sentNew) {
            scheduleLossProbe(t, now, false);
        }
        // tcp_check_probe_timer: data left unsent with nothing in flight (a zero window, or data
        // corked by TCP_CORK / MSG_MORE) arms the probe timer, whose tcp_write_wakeup sends it.
        if (t.inFlightSegments() == 0 && t.firstUnsent() != null
                && !(t.transmitTimer instanceof Timer.ZeroWindowProbe)) {
            t.transmitTimer = new Timer.ZeroWindowProbe(Rtt.timerDeadline(now, Math.max(Rtt.backedOff(t), Rtt.rtoMin(t))));
        }
    }

    /** One GSO packet of new data: the skbs go out together (tcp_write_xmit → tcp_transmit_skb). */
    private static boolean transmitRun(Tcb t, java.util.List<Tcb.Skb> run, long now) {
        if (run.isEmpty()) {
            return false;
        }
        boolean wasIdle = t.inFlightSegments() == 0;
        boolean cut = run.size() == 1 && cutInsidePushedSkb(t, run.getLast());
        if (run.size() == 1 && !cut) {
            transmitSkb(t, run.getFirst(), now, false);
        } else {
            int flags = TcpFlags.ACK;
            int len = 0;
            for (Tcb.Skb s : run) {
                account(t, s, now, false);
                flags |= s.fin ? TcpFlags.FIN : 0;
                flags |= s.psh && s.len > 0 && !cut ? TcpFlags.PSH : 0;
                len += s.len;
            }
            Output.transmit(t, run.getFirst().seq, flags, len, now, true);
            // tcp_info counts GSO segments (tcp_skb_pcount), not packets.
            t.segsOut += run.size() - 1;
            t.dataSegsOut += run.size() - 1;
        }
        if (wasIdle || t.transmitTimer instanceof Timer.LossProbe) {
            rearmRto(t, now);
        }
        return true;
    }

<<<<<<< HEAD
    /**
     * tso_fragment: when cwnd or the peer's window cuts a single MSS off a pushed kernel skb, PSH
     * stays on the part left behind (verified on 6.18 by corpus
     * fast_recovery/prr-ss-ack-below-snd_una-cubic.pkt: one MSS of a 10000-byte write goes out as
     * {@code .}), while a multi-segment GSO cut keeps it (mss/mss-setsockopt-tcp_maxseg-client.pkt:
     * {@code P. 1:11001(11000)} of a 12000-byte write).
     */
    private static boolean cutInsidePushedSkb(Tcb t, Tcb.Skb last) {
        if (!last.psh || last.pushEnd) {
            return false;
        }
        boolean after = false;
        for (Tcb.Skb s : t.sendQueue) {
            if (after) {
                return !s.sent && s.psh && s.seq == last.endSeq();
            }
            after = s == last;
        }
        return false;
    }

    /** tcp_nagle_check with Minshall's variant: hold a small segment only while another small one is unacked. */
    private static boolean nagleHolds(Tcb t, Tcb.Skb s) {
        if (t.noDelay || !s.psh && s != t.sendQueue.peekLast()) {
            return false;
        }
        return t.inFlightSegments() > 0 && t.smallSegmentEnd >= 0 && SeqNum.gt(t.smallSegmentEnd, t.sndUna)
                && !SeqNum.gt(t.smallSegmentEnd, t.sndNxt);
    }

=======
>>>>>>> sendpath
    /** tcp_transmit_skb for one queued skb (first transmission or retransmission). */
    static void transmitSkb(Tcb t, Tcb.Skb s, long now, boolean retransmission) {
        int flags = TcpFlags.ACK;
        if (s.syn) {
            flags = t.state == TcpState.SYN_SENT ? TcpFlags.SYN : TcpFlags.SYN | TcpFlags.ACK;
        }
        if (s.fin) {
            flags |= TcpFlags.FIN;
        }
        // A retransmission of part of a kernel skb loses PSH to the skb's tail (tcp_fragment).
        if ((retransmission || s.sent ? s.pushEnd : s.psh) && s.len > 0) {
            flags |= TcpFlags.PSH;
        }
        boolean fresh = !retransmission && !s.sent;
        account(t, s, now, retransmission);
        Output.transmit(t, s.seq, flags, s.len, now, fresh);
    }

    /** The bookkeeping of sending one skb (tcp_transmit_skb / tcp_event_new_data_sent). */
    private static void account(Tcb t, Tcb.Skb s, long now, boolean retransmission) {
        if (retransmission || s.sent) {
            s.everRetransmitted = true;
            t.totalRetrans++;
            t.bytesRetrans += s.len;
            if (t.retransStampMicros < 0) {
                // tcp_retransmit_skb saves the stamp of the first retransmission (the skb's new
                // timestamp); a SYN's counts from the first SYN, which tcp_connect stamped.
                // Verified on 6.18: TCP_USER_TIMEOUT counts from the first RTO retransmission.
                t.retransStampMicros = s.syn ? s.sentMicros : now;
            }
        } else {
            if (Scoreboard.packetsInFlight(t) == 0) {
                t.cc.cwndEvent(t, CongestionControl.Event.TX_START, now);
            }
            Prr.sent(t, 1);
            t.bytesSent += s.len;
            t.timestamping.transmitted(t, s.seq, s.endSeq(), now);
            if (SeqNum.gt(s.endSeq(), t.sndNxt)) {
                t.sndNxt = s.endSeq();
            }
            if (s.len > 0 && s.len < t.mssCache) {
                t.smallSegmentEnd = s.endSeq();
            }
            if (s.len > 0 && now - t.lastRecvMicros < t.atoMicros) {
                // tcp_event_data_sent: a reply within ato of the last data received → interactive.
                t.pingpong = Math.min(t.pingpong + 1, 3);
            }
        }
        s.sent = true;
        s.sentMicros = now;
        t.lastSendMicros = now;
    }

    /** tcp_retransmit_skb's bookkeeping for one skb (the caller marks it SACKED_RETRANS). */
    static void accountRetransmission(Tcb t, Tcb.Skb s, long now) {
        account(t, s, now, true);
    }

    /** tcp_rearm_rto: the RTO counts from the head skb's last transmission. */
    static void rearmRto(Tcb t, long now) {
        if (t.fastOpen.child) {
            return;                                     // the SYN-ACK timer runs until the handshake completes
        }
        if (t.inFlightSegments() == 0) {
            if (!(t.transmitTimer instanceof Timer.ZeroWindowProbe)) {
                t.transmitTimer = null;
            }
            return;
        }
        long rto = Rtt.backedOff(t);
        if (t.transmitTimer instanceof Timer.LossProbe || t.transmitTimer instanceof Timer.ReorderTimeout) {
            Tcb.Skb head = t.sendQueue.peekFirst();
            long delta = head.sentMicros + rto - now;
            rto = Math.max(delta, 1);
        }
        t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, clampToUserTimeout(t, rto, now)));
    }

    /** tcp_clamp_rto_to_user_timeout. */
    static long clampToUserTimeout(Tcb t, long rto, long now) {
        if (t.userTimeoutMillis == 0 || t.retransStampMicros < 0) {
            return rto;
        }
        long remaining = t.userTimeoutMillis * 1000 - (now - t.retransStampMicros);
        return Math.min(rto, Math.max(remaining, 1000));
    }

    /**
     * tcp_schedule_loss_probe: with SACK, in CA Open, a probe after 2·srtt (+ the 200 ms delayed-ACK
     * allowance when one segment is out, else + 2 jiffies), or 1 s without an RTT sample; never
     * later than the RTO would fire.
     */
    static boolean scheduleLossProbe(Tcb t, long now, boolean advancingRto) {
        if (t.fastOpen.child) {
            return false;                               // no loss probe before a Fast Open handshake completes
        }
        int er = t.stack.tunables().tcpEarlyRetrans;
        long inFlight = t.inFlightSegments();
        // No state test: the kernel probes in FIN_WAIT1 / LAST_ACK / CLOSING too (verified on 6.18:
        // a lost FIN is re-sent by a TLP ~RTO after it, then by the RTO), just not before the
        // handshake completes.
        if ((er != 3 && er != 4) || inFlight == 0 || !t.sackOk || (t.caState != CongestionState.OPEN && t.caState != CongestionState.CWR)
                || t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) {
            return false;
        }
        long timeout;
        if (t.srttUs8 != 0) {
            timeout = Rtt.roundUpToJiffy(t.srttUs8 >> 2);
            timeout += inFlight == 1 ? Rtt.rtoMin(t) : 2 * Rtt.JIFFY_MICROS;
        } else {
            timeout = Rtt.TIMEOUT_INIT_MICROS;
        }
        Tcb.Skb head = t.sendQueue.peekFirst();
        long rtoDelta = advancingRto ? Rtt.backedOff(t) : head.sentMicros + Rtt.backedOff(t) - now;
        if (rtoDelta > 0) {
            timeout = Math.min(timeout, Rtt.roundUpToJiffy(rtoDelta));
        }
        t.transmitTimer = new Timer.LossProbe(Rtt.timerDeadline(now, timeout));
        return true;
    }

    /** tcp_ack: see {@link AckProcessor}. */
    static boolean ack(Tcb t, TcpSegment seg, long now) {
<<<<<<< HEAD
        return AckProcessor.ack(t, seg, now);
=======
        long ack = seg.ack();
        if (SeqNum.lt(ack, t.sndUna)) {
            if (SeqNum.lt(ack, SeqNum.add(t.sndUna, -Math.max(t.maxWindow, 1)))) {
                Output.sendChallengeAck(t, now);
                return false;
            }
            return true;
        }
        if (SeqNum.gt(ack, t.sndNxt)) {
            // An ACK of data never sent is discarded (segment, data and timestamp alike) and answered
            // with a rate-limited ACK in every synchronized state, ESTABLISHED included (verified on
            // 6.18: corpus ts_recent/invalid_ack.pkt fails on the kernel for that ACK).
            Output.sendChallengeAck(t, now);
            return false;
        }
        long window = (long) seg.window() << t.sndWscale;
        boolean windowChanged = false;
        if (SeqNum.gt(ack, t.sndUna) || SeqNum.gt(seg.seq(), t.sndWl1)
                || (seg.seq() == t.sndWl1 && window > t.sndWnd)) {
            windowChanged = window != t.sndWnd;
            t.sndWnd = window;
            t.sndWl1 = seg.seq();
            if (window > t.maxWindow) {
                t.maxWindow = window;
                Handshake.syncMss(t);
            }
        }
        t.probesOut = 0;
        t.lastAckRecvMicros = now;
        t.pendingSoftError = null;
        if (ack == t.sndUna) {
            boolean dup = seg.payload().isEmpty() && !seg.flags().fin() && !windowChanged && t.inFlightSegments() > 0;
            if (dup) {
                duplicateAck(t, now);
            }
            if (t.sndWnd > 0 && t.transmitTimer instanceof Timer.ZeroWindowProbe) {
                t.transmitTimer = null;
                t.backoff = 0;
            }
            return true;
        }
        newlyAcked(t, seg, ack, now);
        return true;
    }

    private static void newlyAcked(Tcb t, TcpSegment seg, long ack, long now) {
        long ackedSegs = 0;
        Tcb.Skb sampleSkb = null;
        boolean finAcked = false;
        while (!t.sendQueue.isEmpty()) {
            Tcb.Skb head = t.sendQueue.peekFirst();
            if (!head.sent || SeqNum.gt(head.endSeq(), ack)) {
                if (head.sent && SeqNum.gt(ack, head.seq) && head.len > 0) {
                    // Partial ACK of a segment: trim it (tcp_trim_head).
                    int cut = SeqNum.diff(ack, head.seq);
                    head.seq = ack;
                    head.len -= cut;
                }
                break;
            }
            t.sendQueue.pollFirst();
            ackedSegs++;
            finAcked |= head.fin;
            if (!head.everRetransmitted) {
                sampleSkb = head;
            }
        }
        t.bytesAcked += SeqNum.diff(ack, t.sndUna);
        t.delivered += ackedSegs;
        t.sndUna = ack;
        t.zeroCopy.acked(t, ack);
        t.timestamping.acked(t, ack, now);
        if (t.sendQueue.isEmpty()) {
            t.chrono.stop(t, Chrono.BUSY, now); // tcp_clean_rtx_queue emptied the queues
        }
        t.retransmits = 0;
        t.dupAcks = 0;
        if (sampleSkb != null) {
            Rtt.sample(t, now - sampleSkb.sentMicros);
        } else if (t.tsOk) {
            seg.option(TcpOption.Timestamp.class).filter(ts -> ts.ecr() != 0)
                    .ifPresent(ts -> Rtt.sample(t, (Options.tsVal(t, now) - ts.ecr()) * 1000));
        }
        if (t.tlpHighSeq >= 0 && !SeqNum.lt(ack, t.tlpHighSeq)) {
            t.tlpHighSeq = -1;
        }
        if (t.caState == CongestionState.RECOVERY || t.caState == CongestionState.LOSS) {
            if (!SeqNum.lt(ack, t.highSeq)) {
                t.caState = CongestionState.OPEN;
                t.cwnd = Math.max(t.cwnd, Math.min(t.ssthresh, t.cwnd + ackedSegs));
            } else if (t.caState == CongestionState.LOSS) {
                t.cwnd += ackedSegs;
            }
        } else if (t.cwnd < t.ssthresh) {
            t.cwnd = Math.min(t.cwnd + ackedSegs, t.ssthresh == Integer.MAX_VALUE ? Long.MAX_VALUE : Math.max(t.ssthresh, t.cwnd));
        } else {
            t.cwndCount += ackedSegs;
            if (t.cwndCount >= t.cwnd) {
                t.cwndCount = 0;
                t.cwnd++;
            }
        }
        if (noRetransmittedDataOutstanding(t)) {
            t.retransStampMicros = -1;
        }
        Closer.ourFinAcked(t, finAcked, seg, now);
        if (t.state == TcpState.CLOSED || t.timewaitSock || t.state == TcpState.TIME_WAIT) {
            return;
        }
        retransmitLost(t, now);
        // tcp_set_xmit_timer: a loss probe if one applies, else the RTO from now.
        if (t.inFlightSegments() == 0) {
            if (!(t.transmitTimer instanceof Timer.ZeroWindowProbe)) {
                t.transmitTimer = null;
            }
        } else if (!scheduleLossProbe(t, now, true)) {
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, clampToUserTimeout(t, Rtt.backedOff(t), now)));
        }
    }

    private static boolean noRetransmittedDataOutstanding(Tcb t) {
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent && s.everRetransmitted) {
                return false;
            }
        }
        return true;
    }

    /** Fast retransmit on the tcp_reordering-th duplicate ACK (tcp_fastretrans_alert, simplified). */
    private static void duplicateAck(Tcb t, long now) {
        t.dupAcks++;
        if (t.caState == CongestionState.OPEN && t.dupAcks >= t.stack.tunables().tcpReordering) {
            t.caState = CongestionState.RECOVERY;
            t.highSeq = t.sndNxt;
            t.ssthresh = Math.max(t.cwnd * 717 / 1024, 2);
            t.cwnd = t.ssthresh;
            Tcb.Skb head = t.sendQueue.peekFirst();
            if (head != null && head.sent) {
                transmitSkb(t, head, now, true);
                t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Rtt.backedOff(t)));
            }
        }
    }

    /** After an RTO (CA Loss), everything outstanding is lost: resend it in order as cwnd allows. */
    static void retransmitLost(Tcb t, long now) {
        if (t.caState != CongestionState.LOSS) {
            return;
        }
        long budget = t.cwnd;
        for (Tcb.Skb s : t.sendQueue) {
            if (!s.sent || SeqNum.ge(s.seq, t.highSeq)) {
                break;
            }
            if (budget-- <= 0) {
                break;
            }
            if (s.lostMarked) {
                s.lostMarked = false;
                transmitSkb(t, s, now, true);
            }
        }
>>>>>>> sendpath
    }
}
