package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpState;

/**
 * The loss-recovery state machine of tcp_input.c: tcp_fastretrans_alert and its helpers (entering
 * Recovery, CWR and Loss, trying to reopen, the undo paths on D-SACK, timestamps and F-RTO), and
 * tcp_xmit_retransmit_queue. Loss itself is detected by {@link Rack} (with SACK) or by counting
 * duplicate ACKs ({@link Scoreboard#newRenoMarkLost}); cwnd follows {@link Prr} in a reduction.
 */
final class LossRecovery {
    private LossRecovery() {
    }

    /** What tcp_xmit_recovery should do after an ACK (REXMIT_NONE / LOST / NEW). */
    enum Rexmit { NONE, LOST, NEW }

    /** tcp_set_ca_state: the algorithm hears of it first. */
    static void setState(Tcb t, CongestionState next, long now) {
        t.cc.setState(t, next, now);
        t.caState = next;
    }

    /** tcp_current_ssthresh. */
    static long currentSsthresh(Tcb t) {
        if (Prr.inReduction(t)) {
            return t.ssthresh;
        }
        return Math.max(t.ssthresh, (t.cwnd >> 1) + (t.cwnd >> 2));
    }

    /** tcp_init_undo. */
    private static void initUndo(Tcb t) {
        t.undoMarker = t.sndUna;
        long retrans = Scoreboard.retransOut(t);
        t.undoRetrans = retrans != 0 ? retrans : -1;
    }

    /** tcp_enter_recovery. */
    static void enterRecovery(Tcb t, boolean eceAck, long now) {
        if (!Scoreboard.anyRetransDone(t)) {
            t.retransStampMicros = -1;
        }
        t.priorSsthresh = 0;
        initUndo(t);
        if (!Prr.inReduction(t)) {
            if (!eceAck) {
                t.priorSsthresh = currentSsthresh(t);
            }
            Prr.init(t);
        }
        setState(t, CongestionState.RECOVERY, now);
    }

    /** tcp_enter_cwr: an ECN echo proves congestion; no undo. */
    static void enterCwr(Tcb t, long now) {
        t.priorSsthresh = 0;
        if (t.caState.ordinal() < CongestionState.CWR.ordinal()) {
            t.undoMarker = -1;
            Prr.init(t);
            setState(t, CongestionState.CWR, now);
        }
    }

    /** tcp_enter_loss (with tcp_timeout_mark_lost): an RTO fired. */
    static void enterLoss(Tcb t, long now) {
        boolean newRecovery = t.caState.ordinal() < CongestionState.RECOVERY.ordinal();
        Tcb.Skb head = t.sendQueue.peekFirst();
        boolean reneg = head != null && head.sent && head.sacked;
        if (reneg) {
            for (Tcb.Skb s : t.sendQueue) {
                s.sacked = false;
            }
        } else if (!Scoreboard.isSack(t)) {
            t.renoSackedOut = 0;
        }
        for (Tcb.Skb s : t.sendQueue) {
            if (!s.sent) {
                break;
            }
            if (!reneg && s != head && t.rack.mstamp >= 0 && t.rack.rttUs - (now - s.sentMicros) > 0) {
                continue; // sent too recently to call lost yet
            }
            Scoreboard.markLost(t, s);
        }
        if (t.caState.ordinal() <= CongestionState.DISORDER.ordinal() || !SeqNum.gt(t.highSeq, t.sndUna)
                || (t.caState == CongestionState.LOSS && t.retransmits == 0)) {
            t.priorSsthresh = currentSsthresh(t);
            t.priorCwnd = t.cwnd;
            t.ssthresh = t.cc.ssthresh(t);
            t.cc.cwndEvent(t, CongestionControl.Event.LOSS, now);
            initUndo(t);
        }
        t.cwnd = Scoreboard.packetsInFlight(t) + 1;
        t.cwndCount = 0;
        t.cwndStampMicros = now;
        int reordering = t.stack.tunables().tcpReordering;
        if (t.caState.ordinal() <= CongestionState.DISORDER.ordinal() && Scoreboard.sackedOut(t) >= reordering) {
            t.reordering = Math.min(t.reordering, reordering);
        }
        setState(t, CongestionState.LOSS, now);
        t.highSeq = t.sndNxt;
        t.tlpHighSeq = -1;
        Ecn.lossEntered(t);
        t.frto = t.stack.tunables().tcpFrto != 0 && (newRecovery || t.retransmits > 0);
    }

    /** tcp_packet_delayed: the ACK echoes a timestamp older than the first retransmission, or nothing was resent. */
    static boolean packetDelayed(Tcb t) {
        if (t.retransStampMicros >= 0 && t.lastAckTsEcr != 0
                && SeqNum.lt(t.lastAckTsEcr, Options.tsVal(t, t.retransStampMicros))) {
            return true;
        }
        return t.retransStampMicros < 0 && t.state != TcpState.SYN_SENT;
    }

    /** tcp_may_undo. */
    static boolean mayUndo(Tcb t) {
        return t.undoMarker >= 0 && (t.undoRetrans == 0 || packetDelayed(t));
    }

    /** tcp_undo_cwnd_reduction. */
    static void undoCwndReduction(Tcb t, boolean unmarkLoss, long now) {
        if (unmarkLoss) {
            for (Tcb.Skb s : t.sendQueue) {
                s.lostMarked = false;
            }
        }
        if (t.priorSsthresh != 0) {
            t.cwnd = t.cc.undoCwnd(t);
            if (t.priorSsthresh > t.ssthresh) {
                t.ssthresh = t.priorSsthresh;
                t.ecnQueueCwr = false;
            }
        }
        t.cwndStampMicros = now;
        t.undoMarker = -1;
        t.rack.advanced = true;
    }

    /** tcp_try_undo_recovery: returns true to hold the state (NewReno at exactly high_seq). */
    private static boolean tryUndoRecovery(Tcb t, long now) {
        if (mayUndo(t)) {
            undoCwndReduction(t, false, now);
        } else if (t.rack.reoWndPersist > 0) {
            t.rack.reoWndPersist--;
        }
        if (t.sndUna == t.highSeq && !Scoreboard.isSack(t)) {
            if (!Scoreboard.anyRetransDone(t)) {
                t.retransStampMicros = -1;
            }
            return true;
        }
        setState(t, CongestionState.OPEN, now);
        return false;
    }

    /** tcp_try_undo_dsack: every retransmission was D-SACKed. */
    private static boolean tryUndoDsack(Tcb t, long now) {
        if (t.undoMarker >= 0 && t.undoRetrans == 0) {
            t.rack.reoWndPersist = Math.min(16, t.rack.reoWndPersist + 1);
            undoCwndReduction(t, false, now);
            return true;
        }
        return false;
    }

    /** tcp_try_undo_loss. */
    private static boolean tryUndoLoss(Tcb t, boolean frtoUndo, long now) {
        if (frtoUndo || mayUndo(t)) {
            undoCwndReduction(t, true, now);
            t.retransmits = 0;
            if (frtoUndo || Scoreboard.isSack(t)) {
                setState(t, CongestionState.OPEN, now);
            }
            return true;
        }
        return false;
    }

    /** tcp_try_undo_partial: returns true to stop processing this ACK. */
    private static boolean tryUndoPartial(Tcb t, long priorSndUna, long now) {
        if (t.undoMarker >= 0 && packetDelayed(t)) {
            Scoreboard.checkReordering(t, priorSndUna, true);
            if (Scoreboard.retransOut(t) > 0) {
                return true;
            }
            if (!Scoreboard.anyRetransDone(t)) {
                t.retransStampMicros = -1;
            }
            undoCwndReduction(t, true, now);
            tryKeepOpen(t, now);
        }
        return false;
    }

    /** tcp_try_keep_open. */
    private static void tryKeepOpen(Tcb t, long now) {
        CongestionState state = Scoreboard.leftOut(t) > 0 || Scoreboard.anyRetransDone(t)
                ? CongestionState.DISORDER : CongestionState.OPEN;
        if (t.caState != state) {
            setState(t, state, now);
            t.highSeq = t.sndNxt;
        }
    }

    /** tcp_try_to_open. */
    private static void tryToOpen(Tcb t, int flag, long now) {
        if (!Scoreboard.anyRetransDone(t)) {
            t.retransStampMicros = -1;
        }
        if ((flag & Scoreboard.ECE) != 0) {
            enterCwr(t, now);
        }
        if (t.caState != CongestionState.CWR) {
            tryKeepOpen(t, now);
        }
    }

    /** tcp_identify_packet_loss: RACK with SACK, NewReno's dupthresh without. Returns the flag. */
    private static int identifyPacketLoss(Tcb t, int flag, long now) {
        if (t.inFlightSegments() == 0) {
            return flag;
        }
        if (!Scoreboard.isSack(t)) {
            Scoreboard.newRenoMarkLost(t, (flag & Scoreboard.SND_UNA_ADVANCED) != 0);
            return flag;
        }
        long priorRetrans = Scoreboard.retransOut(t);
        if (Rack.markLost(t, now)) {
            flag &= ~Scoreboard.SET_XMIT_TIMER;
        }
        if (priorRetrans > Scoreboard.retransOut(t)) {
            flag |= Scoreboard.LOST_RETRANS;
        }
        return flag;
    }

    /** tcp_process_loss: in CA Loss, F-RTO and the way back to Open. */
    private static Rexmit processLoss(Tcb t, int flag, long numDupack, long now) {
        boolean recovered = !SeqNum.lt(t.sndUna, t.highSeq);
        if ((flag & Scoreboard.SND_UNA_ADVANCED) != 0 && tryUndoLoss(t, false, now)) {
            return Rexmit.NONE;
        }
        if (t.frto) {
            if ((flag & Scoreboard.ORIG_SACK_ACKED) != 0 && tryUndoLoss(t, true, now)) {
                return Rexmit.NONE;
            }
            if (SeqNum.gt(t.sndNxt, t.highSeq)) {
                if ((flag & Scoreboard.DATA_SACKED) != 0 || numDupack > 0) {
                    t.frto = false;
                }
            } else if ((flag & Scoreboard.SND_UNA_ADVANCED) != 0 && !recovered) {
                t.highSeq = t.sndNxt;
                Tcb.Skb unsent = t.firstUnsent();
                if (unsent != null && SeqNum.gt(SeqNum.add(t.sndUna, t.sndWnd), t.sndNxt)) {
                    return Rexmit.NEW;
                }
                t.frto = false;
            }
        }
        if (recovered) {
            tryUndoRecovery(t, now);
            return Rexmit.NONE;
        }
        if (!Scoreboard.isSack(t)) {
            if (SeqNum.gt(t.sndNxt, t.highSeq) && numDupack > 0) {
                Scoreboard.addRenoSack(t, numDupack);
            } else if ((flag & Scoreboard.SND_UNA_ADVANCED) != 0) {
                t.renoSackedOut = 0;
            }
        }
        return Rexmit.LOST;
    }

    /** tcp_fastretrans_alert, for an ACK that is dubious (tcp_ack_is_dubious). Returns flag and rexmit. */
    static Rexmit alert(Tcb t, long priorSndUna, long numDupack, int[] flagRef, long now) {
        int flag = flagRef[0];
        boolean eceAck = (flag & Scoreboard.ECE) != 0;
        if (eceAck) {
            t.priorSsthresh = 0;
        }
        // D. State exits once high_seq is acknowledged.
        if (t.caState == CongestionState.OPEN) {
            t.retransStampMicros = -1;
        } else if (!SeqNum.lt(t.sndUna, t.highSeq)) {
            switch (t.caState) {
                case CWR -> {
                    if (t.sndUna != t.highSeq) {
                        Prr.end(t, now);
                        setState(t, CongestionState.OPEN, now);
                    }
                }
                case RECOVERY -> {
                    if (!Scoreboard.isSack(t)) {
                        t.renoSackedOut = 0;
                    }
                    if (tryUndoRecovery(t, now)) {
                        return Rexmit.NONE;
                    }
                    Prr.end(t, now);
                }
                case OPEN, DISORDER, LOSS -> {
                }
            }
        }
        // E. Process the state.
        switch (t.caState) {
            case RECOVERY -> {
                if ((flag & Scoreboard.SND_UNA_ADVANCED) == 0) {
                    if (!Scoreboard.isSack(t)) {
                        Scoreboard.addRenoSack(t, numDupack);
                    }
                } else if (tryUndoPartial(t, priorSndUna, now)) {
                    return Rexmit.NONE;
                }
                if (tryUndoDsack(t, now)) {
                    tryToOpen(t, flag, now);
                }
                flagRef[0] = flag = identifyPacketLoss(t, flag, now);
                if (t.caState != CongestionState.RECOVERY) {
                    if (Scoreboard.lostOut(t) == 0) {
                        return Rexmit.NONE;
                    }
                    enterRecovery(t, eceAck, now);
                }
                return Rexmit.LOST;
            }
            case LOSS -> {
                Rexmit r = processLoss(t, flag, numDupack, now);
                flagRef[0] = flag = identifyPacketLoss(t, flag, now);
                if (!(t.caState == CongestionState.OPEN || (flag & Scoreboard.LOST_RETRANS) != 0)) {
                    return r;
                }
                Rexmit o = openStates(t, flag, flagRef, numDupack, eceAck, now);
                return o == Rexmit.NONE ? r : o;
            }
            case OPEN, DISORDER, CWR -> {
                return openStates(t, flag, flagRef, numDupack, eceAck, now);
            }
        }
        return Rexmit.NONE;
    }

    /** The default branch of tcp_fastretrans_alert's step E: Open, Disorder, CWR. */
    private static Rexmit openStates(Tcb t, int flag, int[] flagRef, long numDupack, boolean eceAck, long now) {
        if (!Scoreboard.isSack(t)) {
            if ((flag & Scoreboard.SND_UNA_ADVANCED) != 0) {
                t.renoSackedOut = 0;
            }
            Scoreboard.addRenoSack(t, numDupack);
        }
        if (t.caState.ordinal() <= CongestionState.DISORDER.ordinal()) {
            tryUndoDsack(t, now);
        }
        flagRef[0] = flag = identifyPacketLoss(t, flag, now);
        if (Scoreboard.lostOut(t) == 0) {
            tryToOpen(t, flag, now);
            return Rexmit.NONE;
        }
        enterRecovery(t, eceAck, now);
        return Rexmit.LOST;
    }

    /** tcp_process_tlp_ack: a TLP retransmission that repaired a loss still costs a cwnd reduction. */
    static void processTlpAck(Tcb t, long ack, int flag, long now) {
        if (t.tlpHighSeq < 0 || SeqNum.lt(ack, t.tlpHighSeq)) {
            return;
        }
        if (!t.tlpRetrans || (flag & Scoreboard.DSACK_TLP) != 0) {
            t.tlpHighSeq = -1;
        } else if (SeqNum.gt(ack, t.tlpHighSeq)) {
            Prr.init(t);
            setState(t, CongestionState.CWR, now);
            Prr.end(t, now);
            tryKeepOpen(t, now);
        } else if ((flag & (Scoreboard.SND_UNA_ADVANCED | Scoreboard.NOT_DUP | Scoreboard.DATA_SACKED)) == 0) {
            t.tlpHighSeq = -1;
        }
    }

    /** tcp_xmit_recovery. */
    static void xmitRecovery(Tcb t, Rexmit rexmit, long now) {
        switch (rexmit) {
            case NONE -> {
                return;
            }
            case NEW -> {
                Sender.push(t, now);
                if (SeqNum.gt(t.sndNxt, t.highSeq)) {
                    return;
                }
                t.frto = false;
            }
            case LOST -> {
            }
        }
        if (t.state != TcpState.SYN_SENT) {
            xmitRetransmitQueue(t, now);
        }
    }

    /** tcp_xmit_retransmit_queue: resend what is marked lost, as far as cwnd allows. */
    static void xmitRetransmitQueue(Tcb t, long now) {
        if (t.inFlightSegments() == 0) {
            return;
        }
        boolean rearm = false;
        Tcb.Skb head = t.sendQueue.peekFirst();
        java.util.List<Tcb.Skb> run = new java.util.ArrayList<>();
        for (Tcb.Skb s : t.sendQueue) {
            if (!s.sent) {
                break;
            }
            long room = t.cwnd - Scoreboard.packetsInFlight(t) - run.size();
            if (room <= 0 || Scoreboard.retransOut(t) + run.size() >= Scoreboard.lostOut(t)) {
                break;
            }
            boolean wanted = s.lostMarked && !s.sacked && !s.retransInFlight;
            if (!wanted || !run.isEmpty() && !joins(t, run, s)) {
                rearm |= retransmit(t, run, now) && run.getFirst() == head;
                run.clear();
            }
            if (wanted) {
                run.add(s);
            }
        }
        rearm |= retransmit(t, run, now) && !run.isEmpty() && run.getFirst() == head;
        if (rearm && !(t.transmitTimer instanceof Timer.ReorderTimeout)) {
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Sender.clampToUserTimeout(t, Rtt.backedOff(t), now)));
        }
    }

    /** Whether {@code s} continues the run of lost skbs as one GSO retransmission (of one kernel skb). */
    private static boolean joins(Tcb t, java.util.List<Tcb.Skb> run, Tcb.Skb s) {
        Tcb.Skb last = run.getLast();
        return last.endSeq() == s.seq && last.len == t.mssCache && !last.pushEnd && !last.fin && s.len > 0
                && (run.size() + 1L) * t.mssCache <= Tso.sizeGoal(t);
    }

    /** tcp_retransmit_skb for a run of skbs sent as one packet; returns whether anything went out. */
    static boolean retransmit(Tcb t, java.util.List<Tcb.Skb> run, long now) {
        if (run.isEmpty()) {
            return false;
        }
        int flags = TcpFlags.ACK;
        int len = 0;
        for (Tcb.Skb s : run) {
            flags |= s.fin ? TcpFlags.FIN : 0;
            len += s.len;
        }
        Tcb.Skb last = run.getLast();
        if (last.pushEnd && last.len > 0) {
            flags |= TcpFlags.PSH;
        }
        for (Tcb.Skb s : run) {
            Sender.accountRetransmission(t, s, now);
            s.retransInFlight = true;
            t.undoRetrans = Math.max(t.undoRetrans, 0) + 1;
        }
        Prr.sent(t, run.size());
        Output.transmit(t, run.getFirst().seq, flags, len, now, false);
        t.segsOut += run.size() - 1;
        t.dataSegsOut += run.size() - 1;
        return true;
    }
}
