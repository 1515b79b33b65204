package dev.jdrill.engine;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.List;

/** Building and sending segments: tcp_transmit_skb, tcp_send_ack, the reset senders. */
final class Output {
    private Output() {
    }

    static void emit(TcpStack stack, java.net.InetAddress src, java.net.InetAddress dst, TcpSegment seg) {
        stack.queueOutbound(IpPacket.of(src, dst, seg));
    }

    /** tcp_transmit_skb for a connection, of no new data (an ACK, a probe, a retransmission). */
    static void transmit(Tcb t, long seq, int flags, int payloadLength, long now) {
        transmit(t, seq, flags, payloadLength, now, false);
    }

    /**
     * tcp_transmit_skb for a connection: ack, window and options filled from the TCB, ECN flags and
     * codepoint from {@link Ecn}. {@code fresh}: new data, first transmission.
     */
    static void transmit(Tcb t, long seq, int flags, int payloadLength, long now, boolean fresh) {
        flags = Ecn.flags(t, flags, payloadLength, fresh);
        int trafficClass = Ecn.trafficClass(t, flags, payloadLength, fresh);
        boolean syn = (flags & TcpFlags.SYN) != 0;
        List<TcpOption> options;
        int window;
        if (syn) {
            long ecr = (flags & TcpFlags.ACK) != 0 ? t.tsRecent : 0;
            int mss = t.advMss;
            options = Options.synOptions(mss, t.sackOk, t.tsOk, Options.tsVal(t, now), ecr, t.wscaleOk, t.rcvWscale);
            options = FastOpen.withSynOption(t, options);
            window = (int) Math.min(t.rcvWnd, 65535);
        } else if (t.state == dev.jdrill.wire.TcpState.SYN_RECV && t.listener != null && !t.fastOpen.child) {
            // tcp_v4_reqsk_send_ack: a request's ACK offers the SYN-ACK's window, scaled down (not up).
            options = Options.established(t, now);
            window = (int) (Math.min(t.rcvWnd, 65535) >> t.rcvWscale);
        } else {
            options = Options.established(t, now);
            window = Windows.selectForSegment(t);
        }
        long ack = (flags & TcpFlags.ACK) != 0 ? t.rcvNxt : 0;
        TcpSegment seg = new TcpSegment(t.localPort, t.remotePort, seq, ack, new TcpFlags(flags), window, 0,
                options, Payload.zeros(payloadLength));
        t.segsOut++;
        if (payloadLength > 0) {
            t.dataSegsOut++;
            t.lastDataSentMicros = now;
        }
        if ((flags & TcpFlags.ACK) != 0) {
            ackSent(t);
        }
        t.stack.queueOutbound(IpPacket.of(t.localAddress, t.remoteAddress, seg).withTrafficClass(trafficClass));
    }

    /** tcp_event_ack_sent: whatever carried an ACK satisfies the pending one. */
    private static void ackSent(Tcb t) {
        if (t.quickAcks > 0) {
            t.quickAcks--;
        }
        t.ackScheduled = false;
        t.ackNow = false;
        t.ackPushed = false;
        t.delayedAckTimer = null;
    }

    /** tcp_send_ack: a pure ACK at tcp_acceptable_seq(). */
    static void sendAck(Tcb t, long now) {
        transmit(t, acceptableSeq(t), TcpFlags.ACK, 0, now);
    }

    /** tcp_acceptable_seq: snd_nxt unless the peer's window shrank below it. */
    static long acceptableSeq(Tcb t) {
        long edge = SeqNum.add(t.sndUna, t.sndWnd);
        if (!SeqNum.gt(t.sndNxt, edge)
                || (t.wscaleOk && SeqNum.diff(t.sndNxt, edge) < (1 << t.rcvWscale))) {
            return t.sndNxt;
        }
        return edge;
    }

    /** tcp_send_active_reset: RST|ACK from a live connection (close with unread data, SO_LINGER 0, abort). */
    static void sendActiveReset(Tcb t, long now) {
        transmit(t, acceptableSeq(t), TcpFlags.RST | TcpFlags.ACK, 0, now);
    }

    /**
     * tcp_v4_send_reset / tcp_v6_send_reset: the answer to a segment no socket wants, per RFC 9293
     * §3.10.7.1: seq = the segment's ack if it had one (no ACK flag then), otherwise seq 0 and
     * ack = seq + length with ACK set. Never answers a RST.
     */
    static void sendResetFor(TcpStack stack, IpPacket in, TcpSegment seg) {
        if (seg.flags().rst()) {
            return;
        }
        TcpSegment rst;
        if (seg.flags().ack()) {
            rst = new TcpSegment(seg.destinationPort(), seg.sourcePort(), seg.ack(), 0, new TcpFlags(TcpFlags.RST),
                    0, 0, List.of(), Payload.EMPTY);
        } else {
            long ack = SeqNum.add(seg.seq(), seg.sequenceLength());
            rst = new TcpSegment(seg.destinationPort(), seg.sourcePort(), 0, ack,
                    new TcpFlags(TcpFlags.RST | TcpFlags.ACK), 0, 0, List.of(), Payload.EMPTY);
        }
        emit(stack, in.destination(), in.source(), rst);
    }

    /**
     * An ACK for an out-of-window or otherwise unacceptable segment, rate limited by
     * tcp_invalid_ratelimit (tcp_oow_rate_limited). Returns whether it was sent.
     */
    static boolean sendDupAckRateLimited(Tcb t, long now) {
        long limit = t.stack.tunables().tcpInvalidRatelimitMillis * 1000L;
        if (now - t.lastOutOfWindowAckMicros < limit) {
            return false;
        }
        t.lastOutOfWindowAckMicros = now;
        sendAck(t, now);
        return true;
    }

    /**
     * tcp_send_challenge_ack (RFC 5961): rate limited per socket by tcp_invalid_ratelimit and per
     * host by tcp_challenge_ack_limit per second.
     */
    static void sendChallengeAck(Tcb t, long now) {
        long limit = t.stack.tunables().tcpInvalidRatelimitMillis * 1000L;
        if (now - t.lastOutOfWindowAckMicros < limit) {
            return;
        }
        if (!t.stack.challengeAckAllowed(now)) {
            return;
        }
        t.lastOutOfWindowAckMicros = now;
        sendAck(t, now);
    }
}
