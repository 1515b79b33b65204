package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;

/**
 * tcp_ack: the window update, SACK tagging ({@link Scoreboard}), taking acknowledged skbs off the
 * retransmission queue (tcp_clean_rtx_queue, with the RTT sample and RACK's advance), the loss
 * state machine for a dubious ACK ({@link LossRecovery}), then tcp_cong_control — {@link Prr} in a
 * reduction, the {@link CongestionControl}'s cong_avoid otherwise — and tcp_xmit_recovery.
 */
final class AckProcessor {
    private AckProcessor() {
    }

    /**
     * tcp_ack. Returns false when the segment must be dropped (an ACK of data never sent, or one so
     * old it fails RFC 5961 5.2).
     */
    static boolean ack(Tcb t, TcpSegment seg, long now) {
        long ack = seg.ack();
        long priorSndUna = t.sndUna;
        t.lastAckTsEcr = t.tsOk ? seg.option(TcpOption.Timestamp.class).map(TcpOption.Timestamp::ecr).orElse(0L) : 0;
        if (SeqNum.lt(ack, t.sndUna)) {
            if (SeqNum.lt(ack, SeqNum.add(t.sndUna, -Math.max(t.maxWindow, 1)))) {
                Output.sendChallengeAck(t, now);
                return false;
            }
            oldAck(t, seg, priorSndUna, now);
            return true;
        }
        if (SeqNum.gt(ack, t.sndNxt)) {
            // An ACK of data never sent is discarded (segment, data and timestamp alike) and answered
            // with a rate-limited ACK in every synchronized state, ESTABLISHED included (verified on
            // 6.18: corpus ts_recent/invalid_ack.pkt fails on the kernel for that ACK).
            Output.sendChallengeAck(t, now);
            return false;
        }
        int flag = 0;
        long priorFack = Scoreboard.highestSackSeq(t);
        long priorPacketsOut = t.inFlightSegments();
        long priorDelivered = t.delivered;
        long priorLost = Scoreboard.lostOut(t);
        if (updateWindow(t, seg, ack, now)) {
            flag |= Scoreboard.WIN_UPDATE;
        }
        if (SeqNum.gt(ack, t.sndUna)) {
            flag |= Scoreboard.SND_UNA_ADVANCED;
            t.retransmits = 0;
        }
        if (seg.sequenceLength() > 0 && !seg.flags().syn()) {
            flag |= Scoreboard.DATA;
        }
        t.probesOut = 0;
        t.probesStampMicros = -1;
        t.lastAckRecvMicros = now;
        t.pendingSoftError = null;
        Scoreboard.TagResult sack = Scoreboard.tag(t, seg, priorSndUna, now);
        flag |= sack.flag;
        if (Ecn.echoed(t, seg)) {
            flag |= Scoreboard.ECE;
        }
        if (priorPacketsOut == 0) {
            if (t.sndWnd > 0 && t.transmitTimer instanceof Timer.ZeroWindowProbe) {
                t.transmitTimer = null;
                t.backoff = 0;
            }
            return true;
        }
        boolean[] finAcked = {false};
        flag |= cleanRtxQueue(t, seg, ack, priorFack, sack, finAcked, now);
        t.delivered += sack.sackDelivered;
        Rack.updateReoWnd(t, priorDelivered);
        LossRecovery.processTlpAck(t, ack, flag, now);
        LossRecovery.Rexmit rexmit = LossRecovery.Rexmit.NONE;
        if (dubious(t, flag)) {
            long numDupack = (flag & (Scoreboard.SND_UNA_ADVANCED | Scoreboard.NOT_DUP | Scoreboard.DSACKING_ACK)) == 0 ? 1 : 0;
            int[] flagRef = {flag};
            rexmit = LossRecovery.alert(t, priorSndUna, numDupack, flagRef, now);
            flag = flagRef[0];
        }
        Closer.ourFinAcked(t, finAcked[0], seg, now);
        if (t.state == TcpState.CLOSED || t.timewaitSock || t.state == TcpState.TIME_WAIT) {
            return true;
        }
        if ((flag & Scoreboard.SET_XMIT_TIMER) != 0) {
            setXmitTimer(t, now);
        } else if (t.inFlightSegments() > 0 && t.sndWnd > 0 && t.transmitTimer instanceof Timer.ZeroWindowProbe) {
            t.transmitTimer = null;
            t.backoff = 0;
        }
        long delivered = t.delivered - priorDelivered;
        long newlyLost = Math.max(0, Scoreboard.lostOut(t) - priorLost);
        congControl(t, ack, delivered, newlyLost, flag, now);
        LossRecovery.xmitRecovery(t, rexmit, now);
        return true;
    }

    /** tcp_ack's old_ack: an ACK below snd_una may still carry news in its SACK blocks. */
    private static void oldAck(Tcb t, TcpSegment seg, long priorSndUna, long now) {
        if (!seg.option(TcpOption.Sack.class).isPresent() || t.inFlightSegments() == 0) {
            return;
        }
        Scoreboard.TagResult sack = Scoreboard.tag(t, seg, priorSndUna, now);
        t.delivered += sack.sackDelivered;
        int[] flagRef = {sack.flag};
        LossRecovery.Rexmit rexmit = LossRecovery.alert(t, priorSndUna, 0, flagRef, now);
        LossRecovery.xmitRecovery(t, rexmit, now);
    }

    /** tcp_ack_update_window; returns whether the window fields were updated (FLAG_WIN_UPDATE). */
    private static boolean updateWindow(Tcb t, TcpSegment seg, long ack, long now) {
        long window = (long) seg.window() << t.sndWscale;
        if (SeqNum.gt(ack, t.sndUna) || SeqNum.gt(seg.seq(), t.sndWl1)
                || (seg.seq() == t.sndWl1 && (window > t.sndWnd || window == 0))) {
            if (window != t.sndWnd && t.firstUnsent() != null) {
                CwndValidation.restartAfterIdle(t, now);
            }
            t.sndWnd = window;
            t.sndWl1 = seg.seq();
            if (window > t.maxWindow) {
                t.maxWindow = window;
                Handshake.syncMss(t);
            }
            return true;
        }
        return false;
    }

    /** tcp_ack_is_dubious. */
    private static boolean dubious(Tcb t, int flag) {
        return (flag & Scoreboard.NOT_DUP) == 0 || (flag & Scoreboard.CA_ALERT) != 0 || t.caState != CongestionState.OPEN;
    }

    /** tcp_clean_rtx_queue: drop what {@code ack} covers; RTT sample, RACK, reordering, pkts_acked. */
    private static int cleanRtxQueue(Tcb t, TcpSegment seg, long ack, long priorFack, Scoreboard.TagResult sack,
            boolean[] finAcked, long now) {
        int flag = 0;
        long pktsAcked = 0;
        long firstAckt = -1;
        long lastAckt = -1;
        long reord = t.sndNxt;
        long newlyDelivered = 0;
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
            pktsAcked++;
            finAcked[0] |= head.fin;
            if (head.everRetransmitted) {
                flag |= Scoreboard.RETRANS_DATA_ACKED;
            } else if (!head.sacked) {
                lastAckt = head.sentMicros;
                if (firstAckt < 0) {
                    firstAckt = head.sentMicros;
                }
                if (SeqNum.lt(head.seq, reord)) {
                    reord = head.seq;
                }
                if (!SeqNum.gt(head.endSeq(), t.highSeq)) {
                    flag |= Scoreboard.ORIG_SACK_ACKED;
                }
            }
            if (!head.sacked && Scoreboard.isSack(t)) {
                newlyDelivered++;
                Rack.advance(t, head.everRetransmitted, head.endSeq(), head.sentMicros, now);
            }
            flag |= head.syn ? Scoreboard.SYN_ACKED : Scoreboard.DATA_ACKED;
        }
        t.bytesAcked += SeqNum.diff(ack, t.sndUna);
        t.sndUna = ack;
        t.zeroCopy.acked(t, ack);
        t.timestamping.acked(t, ack, now);
        if (t.sendQueue.isEmpty()) {
            t.chrono.stop(t, Chrono.BUSY, now); // tcp_clean_rtx_queue emptied the queues
        }
        if (pktsAcked > 0 && !Scoreboard.isSack(t)) {
            long prior = t.renoSackedOut;
            newlyDelivered += Math.max(pktsAcked - prior, 1);
            Scoreboard.removeRenoSacks(t, pktsAcked);
            if ((flag & Scoreboard.RETRANS_DATA_ACKED) != 0) {
                flag &= ~Scoreboard.ORIG_SACK_ACKED;
            }
        } else if (pktsAcked > 0 && SeqNum.lt(reord, priorFack)) {
            // A never-retransmitted hole got filled: that is reordering.
            Scoreboard.checkReordering(t, reord, false);
        }
        t.delivered += newlyDelivered;
        if (pktsAcked > 0) {
            flag |= Scoreboard.SET_XMIT_TIMER;
        }
        long caRttUs = -1;
        if (firstAckt >= 0 && (flag & Scoreboard.RETRANS_DATA_ACKED) == 0) {
            caRttUs = now - lastAckt;
            updateRtt(t, now - firstAckt, caRttUs);
        } else if (sack.firstSackedSendMicros >= 0) {
            caRttUs = now - sack.lastSackedSendMicros;
            updateRtt(t, now - sack.firstSackedSendMicros, caRttUs);
        } else if (pktsAcked > 0 && t.tsOk && t.lastAckTsEcr != 0) {
            long rtt = (Options.tsVal(t, now) - t.lastAckTsEcr) * 1000;
            caRttUs = rtt;
            updateRtt(t, rtt, rtt);
        }
        if (caRttUs < 0 && sack.lastSackedSendMicros >= 0) {
            caRttUs = now - sack.lastSackedSendMicros;
        }
        t.cc.pktsAcked(t, pktsAcked, caRttUs, now);
        return flag;
    }

    /** tcp_ack_update_rtt: the min-RTT filter, then tcp_rtt_estimator / tcp_set_rto. */
    private static void updateRtt(Tcb t, long seqRttUs, long caRttUs) {
        if (caRttUs >= 0 && (t.minRttUs < 0 || caRttUs < t.minRttUs)) {
            t.minRttUs = Math.max(caRttUs, 1);
        }
        if (seqRttUs >= 0) {
            Rtt.sample(t, seqRttUs);
        }
    }

    /** tcp_set_xmit_timer: a loss probe if one applies, else the RTO from now. */
    private static void setXmitTimer(Tcb t, long now) {
        if (t.inFlightSegments() == 0) {
            if (!(t.transmitTimer instanceof Timer.ZeroWindowProbe)) {
                t.transmitTimer = null;
            }
        } else if (!Sender.scheduleLossProbe(t, now, true)) {
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Sender.clampToUserTimeout(t, Rtt.backedOff(t), now)));
        }
    }

    /** tcp_cong_control: PRR in CWR / Recovery, the algorithm's growth when the ACK allows it. */
    private static void congControl(Tcb t, long ack, long delivered, long newlyLost, int flag, long now) {
        if (Prr.inReduction(t)) {
            Prr.reduce(t, delivered, newlyLost, flag);
        } else if (mayRaiseCwnd(t, flag)) {
            t.cc.congAvoid(t, ack, delivered, now);
        }
    }

    /** tcp_may_raise_cwnd. */
    private static boolean mayRaiseCwnd(Tcb t, int flag) {
        if (t.reordering > t.stack.tunables().tcpReordering) {
            return (flag & Scoreboard.FORWARD_PROGRESS) != 0;
        }
        return (flag & Scoreboard.DATA_ACKED) != 0;
    }
}
