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
        SendMsg.append(t, SendRequest.of(length, false), length, now);
    }

    /** write_seq: the end of everything queued. */
    static long writeSeq(Tcb t) {
        Tcb.Skb last = t.sendQueue.peekLast();
        return last == null ? t.sndNxt : last.endSeq();
    }

    /** tcp_push_pending_frames: tcp_write_xmit with the socket's own Nagle / cork setting. */
    static void push(Tcb t, long now) {
        push(t, now, Nagle.socketNonagle(t));
    }

    /** tcp_write_xmit: send what cwnd, the peer's window and Nagle (as {@code nonagle} says, see {@link Nagle}) allow. */
    static void push(Tcb t, long now, int nonagle) {
        if (t.state == TcpState.SYN_SENT || (t.state == TcpState.SYN_RECV && !t.fastOpen.child) || t.state == TcpState.CLOSED
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
        cwndLimited |= Scoreboard.packetsInFlight(t) >= t.cwnd;
        if (sentNew || cwndLimited) {
            CwndValidation.validate(t, cwndLimited, now);
        }
        if (rwndLimited) {
            t.chrono.start(Chrono.RWND_LIMITED, now);
        } else {
            t.chrono.stop(t, Chrono.RWND_LIMITED, now);
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

    /**
     * A retransmission of one kernel skb that the engine holds as MSS-sized pieces: one GSO packet,
     * PSH if the last piece ends a write, each piece accounted as a retransmitted segment.
     */
    static void retransmitAsOnePacket(Tcb t, java.util.List<Tcb.Skb> run, long now) {
        if (run.size() <= 1) {
            run.forEach(s -> transmitSkb(t, s, now, true));
            return;
        }
        int flags = TcpFlags.ACK;
        int len = 0;
        for (Tcb.Skb s : run) {
            account(t, s, now, true);
            flags |= s.fin ? TcpFlags.FIN : 0;
            len += s.len;
        }
        if (run.getLast().pushEnd && len > 0) {
            flags |= TcpFlags.PSH;
        }
        Output.transmit(t, run.getFirst().seq, flags, len, now, false);
        t.segsOut += run.size() - 1;
        t.dataSegsOut += run.size() - 1;
    }

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
        return AckProcessor.ack(t, seg, now);
    }
}
