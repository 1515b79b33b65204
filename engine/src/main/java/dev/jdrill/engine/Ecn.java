package dev.jdrill.engine;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;

/**
 * Classic ECN (RFC 3168) as Linux's tcp_ecn.h does it. net.ipv4.tcp_ecn: 0 never, 1 ask on connect
 * and accept, 2 (the default) accept only; 3–5 (AccECN, RFC 9768) are not modelled and act as 2.
 * Negotiation: an ECN-setup SYN is {@code SEW} (ECE+CWR), answered {@code SE.}; the active side is
 * ECN-capable when its SYN-ACK has ECE without CWR. Then new data goes out ECT(0) (pure ACKs and
 * retransmissions are Not-ECT), a CE mark makes the receiver set ECE on everything it sends until a
 * segment with CWR arrives, and an ECE makes the sender enter CWR and mark its next new data CWR.
 */
final class Ecn {
    private Ecn() {
    }

    static final int ECT0 = 2;
    static final int CE = 3;

    /** tcp_ecn_send_syn: whether connect() asks for ECN. */
    static boolean asksOnConnect(Tunables k) {
        return k.tcpEcn == 1;
    }

    /** tcp_ecn_create_request: an ECN-setup SYN that is itself Not-ECT, and ECN not disabled. */
    static boolean acceptsSyn(Tunables k, IpPacket in, TcpSegment syn) {
        return k.tcpEcn != 0 && syn.flags().has(TcpFlags.ECE) && syn.flags().has(TcpFlags.CWR) && in.ecn() == 0;
    }

    /** tcp_ecn_rcv_synack: the peer agreed when its SYN-ACK has ECE and not CWR. */
    static void synAckReceived(Tcb t, TcpSegment synAck) {
        t.ecnOk = t.ecnAsked && synAck.flags().has(TcpFlags.ECE) && !synAck.flags().has(TcpFlags.CWR);
    }

    /**
     * The ECN flags of an outbound segment (tcp_ecn_send_syn, tcp_ecn_make_synack, tcp_ecn_send).
     * A retransmitted SYN drops ECE+CWR (tcp_ecn_clear_syn with tcp_ecn_fallback=1).
     *
     * @param fresh new data (seq at snd_nxt), not a retransmission
     */
    static int flags(Tcb t, int flags, int payloadLength, boolean fresh) {
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean ack = (flags & TcpFlags.ACK) != 0;
        if (syn) {
            if (!ack && t.ecnAsked && t.retransmits == 0) {
                return flags | TcpFlags.ECE | TcpFlags.CWR;
            }
            return ack && t.ecnOk ? flags | TcpFlags.ECE : flags;
        }
        if (!t.ecnOk) {
            return flags;
        }
        if (payloadLength > 0 && fresh && t.ecnQueueCwr) {
            t.ecnQueueCwr = false;
            flags |= TcpFlags.CWR;
        }
        return t.ecnDemandCwr ? flags | TcpFlags.ECE : flags;
    }

    /** INET_ECN_xmit / INET_ECN_dontxmit: ECT(0) on new data only. */
    static int trafficClass(Tcb t, int flags, int payloadLength, boolean fresh) {
        return t.ecnOk && (flags & TcpFlags.SYN) == 0 && payloadLength > 0 && fresh ? ECT0 : 0;
    }

    /**
     * A segment carrying sequence space reached tcp_data_queue: tcp_ecn_accept_cwr (CWR ends our
     * ECE echo), then for new data tcp_ecn_check_ce (CE starts it and forces quick ACKs; a Not-ECT
     * segment after ECT ones is probably a retransmission, also ACKed quickly).
     */
    static void dataReceived(Tcb t, IpPacket in, TcpSegment seg) {
        if (!t.ecnOk) {
            return;
        }
        if (seg.flags().has(TcpFlags.CWR)) {
            t.ecnDemandCwr = false;
            t.ackNow = true;
        }
        long end = SeqNum.add(seg.seq(), seg.payload().length());
        if (seg.payload().isEmpty() || !SeqNum.gt(end, t.rcvNxt)) {
            return;
        }
        switch (in.ecn()) {
            case 0 -> {
                if (t.ecnSeen) {
                    Receiver.incrQuickAck(t, 2);
                }
            }
            case CE -> {
                if (!t.ecnDemandCwr) {
                    Receiver.incrQuickAck(t, 2);
                    t.pingpong = 0;
                    t.ecnDemandCwr = true;
                }
                t.ecnSeen = true;
            }
            default -> t.ecnSeen = true;
        }
    }

    /**
     * tcp_enter_loss → tcp_ecn_queue_cwr: an RTO, even of our SYN (TCP_ECN_OK is set optimistically
     * when an ECN-setup SYN goes out), marks the first new data after it CWR.
     */
    static void lossEntered(Tcb t) {
        if (t.ecnOk || t.state == dev.jdrill.wire.TcpState.SYN_SENT && t.ecnAsked) {
            t.ecnQueueCwr = true;
        }
    }

    /** tcp_ecn_rcv_ecn_echo: an ECE on an ACK of a connection that negotiated ECN (FLAG_ECE). */
    static boolean echoed(Tcb t, TcpSegment seg) {
        return t.ecnOk && seg.flags().has(TcpFlags.ECE) && !seg.flags().syn();
    }
}
