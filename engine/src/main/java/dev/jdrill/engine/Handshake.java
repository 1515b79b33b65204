package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.Optional;

/**
 * The three-way handshake from both ends: tcp_connect, tcp_rcv_synsent_state_process,
 * tcp_conn_request (LISTEN), tcp_check_req (the request socket in SYN_RECV) and simultaneous open.
 */
final class Handshake {
    private Handshake() {
    }

    static final int TCP_MSS_DEFAULT = 536;

    /** MTU minus IP and TCP headers (dst_metric_advmss), clamped by TCP_MAXSEG. */
    static int advMss(Tcb t) {
        int mss = PathMtu.routeAdvMss(t);
        return t.userMss > 0 ? Math.min(mss, t.userMss) : mss;
    }

    /** tcp_connect: choose ISN, options and window, send the SYN, arm the RTO at 1 s. */
    static void connect(Tcb t, long now) {
        Tunables k = t.stack.tunables();
        t.iss = t.stack.newIsn();
        t.tsOffset = t.stack.newTsOffset();
        t.tsOk = k.tcpTimestamps != 0;
        t.sackOk = k.tcpSack != 0;
        t.wscaleOk = k.tcpWindowScaling != 0;
        t.advMss = advMss(t);
        t.mssCache = TCP_MSS_DEFAULT;
        Windows.initial(t, t.advMss);
        t.rcvMss = initialRcvMss(t);
        t.sndUna = t.iss;
        t.sndNxt = t.iss;
        t.state = TcpState.SYN_SENT;
        t.ecnAsked = Ecn.asksOnConnect(k);
        Tcb.Skb syn = new Tcb.Skb(t.iss, 0);
        syn.syn = true;
        t.sendQueue.add(syn);
        if (!FastOpen.sendSynData(t, syn, now)) {
            Sender.transmitSkb(t, syn, now, false);
        }
        t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, t.rtoMicros));
    }

    /** tcp_initialize_rcv_mss. */
    static int initialRcvMss(Tcb t) {
        long hint = Math.min(t.advMss, t.mssCache);
        hint = Math.min(hint, t.rcvWnd / 2);
        hint = Math.min(hint, TCP_MSS_DEFAULT);
        return (int) Math.max(hint, 88);
    }

    /** Applies what the peer's SYN/SYN-ACK offered to what we offered (tcp_parse_options + tcp_sync_mss). */
    static void negotiate(Tcb t, Options.Offered peer) {
        t.tsOk &= peer.timestamps();
        t.sackOk &= peer.sackPermitted();
        if (t.wscaleOk && peer.wscale() >= 0) {
            t.sndWscale = peer.wscale();
        } else {
            t.wscaleOk = false;
            t.sndWscale = 0;
            t.rcvWscale = 0;
            t.windowClamp = Math.min(t.windowClamp, 65535);
        }
        if (t.tsOk) {
            t.tsRecent = peer.tsVal();
        }
        t.peerMss = peer.mss() > 0 ? peer.mss() : TCP_MSS_DEFAULT;
        syncMss(t);
    }

    /**
     * What tcp_rcv_synsent_state_process keeps from a crossed SYN (simultaneous open). Unlike the
     * SYN-ACK path it does not undo window scaling when the peer offered none: snd_wscale is 0 but
     * rcv_wscale stays what our SYN announced, so later windows are still shifted by it (verified on
     * 6.18: win 62 for 64240 after a crossed SYN without wscale). Timestamps and SACK are on when the
     * SYN carried them. The SYN-ACK itself is built from the sysctls (tcp_syn_options), see
     * {@link Output}.
     */
    static void negotiateCrossedSyn(Tcb t, Options.Offered peer) {
        t.tsOk &= peer.timestamps();
        t.sackOk &= peer.sackPermitted();
        if (t.wscaleOk && peer.wscale() >= 0) {
            t.sndWscale = peer.wscale();
        } else {
            t.wscaleOk = false;
            t.sndWscale = 0;
        }
        if (t.tsOk) {
            t.tsRecent = peer.tsVal();
        }
        t.peerMss = peer.mss() > 0 ? peer.mss() : TCP_MSS_DEFAULT;
        syncMss(t);
    }

    /** tcp_sync_mss: the payload of a full segment, bounded by the peer's MSS, our MTU and options. */
    static void syncMss(Tcb t) {
        int pmtu = PathMtu.of(t);
        t.pmtuCookie = pmtu;
        int mss = pmtu - PathMtu.ipHeader(t) - 20;
        int clamp = t.userMss > 0 ? Math.min(t.peerMss, t.userMss) : t.peerMss;
        mss = Math.min(mss, clamp);
        if (t.tsOk) {
            mss -= Options.TS_ALIGNED;
        }
        // tcp_bound_to_half_wnd
        long cutoff = t.maxWindow > TCP_MSS_DEFAULT ? t.maxWindow >> 1 : t.maxWindow;
        if (cutoff > 0 && mss > cutoff) {
            mss = (int) Math.max(cutoff, 68 - 20);
        }
        t.mssCache = Math.max(mss, 48);
    }

    /** tcp_rcv_synsent_state_process. */
    /**
     * tcp_rcv_synsent_state_process's timestamp check on an acceptable ACK: a non-zero echo must lie
     * between our first SYN's timestamp (retrans_stamp) and now. The option is parsed in SYN_SENT
     * whenever net.ipv4.tcp_timestamps is on.
     */
    private static boolean echoesNoSynOfOurs(Tcb t, TcpSegment seg, long now) {
        var ts = seg.option(TcpOption.Timestamp.class);
        if (ts.isEmpty() || ts.get().ecr() == 0 || t.stack.tunables().tcpTimestamps == 0) {
            return false;
        }
        Tcb.Skb syn = t.sendQueue.peekFirst();
        long firstSyn = t.retransStampMicros >= 0 ? t.retransStampMicros
                : syn != null && syn.syn ? syn.sentMicros : now;
        long low = Options.tsVal(t, firstSyn);
        long span = (Options.tsVal(t, now) - low) & 0xffff_ffffL;
        return ((ts.get().ecr() - low) & 0xffff_ffffL) > span;
    }

        static void synSentReceive(Tcb t, IpPacket in, TcpSegment seg, long now) {
        TcpFlags f = seg.flags();
        if (f.ack()) {
            if (SeqNum.le(seg.ack(), t.iss) || SeqNum.gt(seg.ack(), t.sndNxt)) {
                // An ACK for something we never sent: reset it (unless it is a reset itself), and
                // "previous FIN/ACK or RST/ACK might be ignored": before any retransmission, re-send
                // the SYN after TCP_TIMEOUT_MIN (2 jiffies) instead of a full RTO.
                if (t.retransmits == 0) {
                    t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, 2 * Rtt.JIFFY_MICROS));
                }
                Output.sendResetFor(t.stack, in, seg);
                return;
            }
            if (echoesNoSynOfOurs(t, seg, now)) {
                // LINUX_MIB_PAWSACTIVEREJECTED: reset_and_undo, the socket stays in SYN_SENT.
                Output.sendResetFor(t.stack, in, seg);
                return;
            }
            if (f.rst()) {
                Closer.reset(t, now);
                return;
            }
            if (!f.syn()) {
                return;
            }
            t.irs = seg.seq();
            t.rcvNxt = SeqNum.add(seg.seq(), 1);
            t.rcvWup = t.rcvNxt;
            t.copiedSeq = t.rcvNxt;
            negotiate(t, Options.Offered.of(seg));
            Ecn.synAckReceived(t, seg);
            FastOpen.synAckReceived(t, seg);
            t.sndWnd = seg.window();
            t.maxWindow = t.sndWnd;
            t.sndWl1 = seg.seq();
            syncMss(t);
            Receiver.ackOfSyn(t, seg, now);
            establish(t, now);
            if (FastOpen.synDataAcked(t, seg, now)) {
                return;                                // the SYN's data went out again, or a writer's data carries the ACK
            }
            if (!seg.payload().isEmpty() || f.fin()) {
                Receiver.dataAndFin(t, seg, now);
            }
            if (!t.ackScheduled) {
                t.ackNow = true;
            }
            Output.sendAck(t, now);
            return;
        }
        if (f.rst()) {
            return;
        }
        if (f.syn()) {
            // Simultaneous open: answer with SYN-ACK on our own ISN (RFC 9293 3.5).
            t.irs = seg.seq();
            t.rcvNxt = SeqNum.add(seg.seq(), 1);
            t.rcvWup = t.rcvNxt;
            t.copiedSeq = t.rcvNxt;
            negotiateCrossedSyn(t, Options.Offered.of(seg));
            t.sndWnd = seg.window();
            t.maxWindow = t.sndWnd;
            t.sndWl1 = seg.seq();
            t.state = TcpState.SYN_RECV;
            // tcp_send_synack: our SYN skb goes out again with ACK added through tcp_transmit_skb —
            // a fresh send, not a retransmission, so its send time moves and the peer's ACK of it
            // gives the first RTT sample (verified on 6.18: after a 10 ms crossed handshake the
            // first FIN retransmission comes 214 ms after the FIN, not after the 1 s initial RTO).
            Tcb.Skb syn = t.sendQueue.peekFirst();
            syn.sentMicros = now;
            t.lastSendMicros = now;
            Output.transmit(t, syn.seq, TcpFlags.SYN | TcpFlags.ACK, 0, now);
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Rtt.backedOff(t)));
        }
    }

    /** tcp_finish_connect / tcp_init_transfer: the connection is up. */
    /** TCP_INIT_CWND (tcp_init_cwnd without a route metric). */
    static final long INITIAL_CWND = 10;

    static void establish(Tcb t, long now) {
        t.state = TcpState.ESTABLISHED;
        t.lastAckRecvMicros = now;
        t.lastRecvMicros = now;
        t.lastDataRecvMicros = now; // icsk_ack.lrcvtime (tcp_finish_connect, tcp_create_openreq_child)
        if (t.srttUs8 == 0) {
            // RFC 6298 5.7: no RTT sample from the handshake (it was retransmitted).
            t.rttvarUs = Rtt.TIMEOUT_FALLBACK_MICROS;
            t.mdevMaxUs = t.rttvarUs;
            t.rtoMicros = t.retransmits > 0 || t.totalRetrans > 0 ? Rtt.TIMEOUT_FALLBACK_MICROS : Rtt.TIMEOUT_INIT_MICROS;
        }
        t.cwnd = t.totalRetrans > 1 ? 1 : INITIAL_CWND;
        t.cwndStampMicros = now;
        t.cc.init(t, now);
        t.retransmits = 0;
        t.backoff = 0;
        t.retransStampMicros = -1;
        t.rcvMss = initialRcvMss(t);
        if (t.sndBuf == 0) {
            // tcp_sndbuf_expand: room for two windows of cwnd full-size skbs.
            t.sndBuf = Math.max(t.stack.tunables().tcpWmem[1], 87040);
        }
        Windows.initBufferSpace(t);
        if (t.keepaliveEnabled) {
            t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, Keepalive.time(t)));
        }
    }

    /** A segment for a listener: SYN → new request socket; anything else → RST or silence. */
    static void listenReceive(Tcb l, IpPacket in, TcpSegment seg, Optional<Long> isnFromTimeWait, long now) {
        TcpFlags f = seg.flags();
        if (f.rst()) {
            return;
        }
        if (f.ack()) {
            Output.sendResetFor(l.stack, in, seg);
            return;
        }
        if (!f.syn() || f.fin()) {
            return;
        }
        // sk_acceptq_is_full: more established children waiting than the backlog allows → drop.
        if (l.acceptQueue.size() > l.backlog) {
            return;
        }
        Tcb r = l.stack.newTcb(l.family);
        r.listener = l;
        r.localAddress = in.destination();
        r.localPort = l.localPort;
        r.bound = true;
        r.remoteAddress = in.source();
        r.remotePort = seg.sourcePort();
        copyInheritedOptions(l, r);
        Tunables k = l.stack.tunables();
        r.iss = isnFromTimeWait.orElseGet(() -> l.stack.newIsn());
        r.tsOffset = l.stack.newTsOffset();
        r.tsOk = k.tcpTimestamps != 0;
        r.sackOk = k.tcpSack != 0;
        r.wscaleOk = k.tcpWindowScaling != 0;
        r.advMss = advMss(r);
        Options.Offered peer = Options.Offered.of(seg);
        r.tsOk &= peer.timestamps();
        r.sackOk &= peer.sackPermitted();
        r.wscaleOk &= peer.wscale() >= 0;
        // tcp_openreq_init_rwin: the window is rounded to the MSS less the timestamp option.
        Windows.initial(r, r.advMss - (r.tsOk ? Options.TS_ALIGNED : 0));
        r.wscaleOk = k.tcpWindowScaling != 0;
        r.ecnOk = Ecn.acceptsSyn(k, in, seg);
        negotiate(r, peer);
        r.irs = seg.seq();
        r.rcvNxt = SeqNum.add(seg.seq(), 1);
        r.rcvWup = r.rcvNxt;
        r.copiedSeq = r.rcvNxt;
        r.sndWnd = seg.window();
        r.maxWindow = r.sndWnd;
        r.sndWl1 = seg.seq();
        r.sndUna = r.iss;
        r.sndNxt = r.iss;
        r.state = TcpState.SYN_RECV;
        r.rcvMss = initialRcvMss(r);
        if (FastOpenServer.tryFastOpen(l, r, in, seg, now)) {
            return;                                   // a Fast Open child: answered and in the accept queue
        }
        Tcb.Skb synAck = new Tcb.Skb(r.iss, 0);
        synAck.syn = true;
        r.sendQueue.add(synAck);
        l.requests.add(r);
        l.stack.sockets.add(r);
        Sender.transmitSkb(r, synAck, now, false);
        r.transmitTimer = new Timer.SynAckRetransmit(Rtt.timerDeadline(now, Rtt.TIMEOUT_INIT_MICROS));
    }

    private static void copyInheritedOptions(Tcb l, Tcb r) {
        if (l.ccSetByUser) {
            r.cc = CongestionControl.named(l.cc.name()).orElse(r.cc);
            r.ccSetByUser = true;
        }
        r.reuseAddr = l.reuseAddr;
        r.keepaliveEnabled = l.keepaliveEnabled;
        r.noDelay = l.noDelay;
        r.cork = l.cork;
        r.zerocopy = l.zerocopy;
        r.lingerOn = l.lingerOn;
        r.lingerSeconds = l.lingerSeconds;
        r.rcvBuf = l.rcvBuf;
        r.sndBuf = l.sndBuf;
        r.userMss = l.userMss;
        r.userTimeoutMillis = l.userTimeoutMillis;
        r.keepIdleSeconds = l.keepIdleSeconds;
        r.keepIntvlSeconds = l.keepIntvlSeconds;
        r.keepCnt = l.keepCnt;
        r.synCount = l.synCount;
        r.linger2Seconds = l.linger2Seconds;
        r.nonBlocking = false;
    }

    /**
     * tcp_check_req: a segment for a request socket (the listener's embryonic connection), checked
     * in the kernel's order — retransmitted SYN, ACK number, window, RST, SYN, ACK.
     */
    static void requestReceive(Tcb r, IpPacket in, TcpSegment seg, long now) {
        TcpFlags f = seg.flags();
        boolean bareSyn = f.syn() && !f.rst() && !f.ack();
        if (bareSyn && seg.seq() == r.irs) {
            // A retransmitted SYN: our SYN-ACK was lost; resend it (rate limited, tcp_oow_rate_limited).
            if (now - r.lastOutOfWindowAckMicros >= r.stack.tunables().tcpInvalidRatelimitMillis * 1000L) {
                r.lastOutOfWindowAckMicros = now;
                Sender.transmitSkb(r, r.sendQueue.peekFirst(), now, true);
            }
            return;
        }
        if (f.rst()) {
            // RFC 5961 on a request, before the ACK number is looked at (verified on 6.18, RST|ACK
            // with a wrong ack included): out of window → ignored; exactly at rcv_nxt → the request
            // dies; elsewhere in the window → an ACK (rate limited) and the request lives on.
            if (!inSynAckWindow(r, seg)) {
                return;
            }
            if (seg.seq() == r.rcvNxt) {
                dropRequest(r);
            } else {
                Output.sendDupAckRateLimited(r, now);
            }
            return;
        }
        if (f.ack() && seg.ack() != SeqNum.add(r.iss, 1)) {
            // Left to the listener: tcp_rcv_state_process in LISTEN drops a RST and resets an ACK.
            Output.sendResetFor(r.stack, in, seg);
            return;
        }
        if (!inSynAckWindow(r, seg)) {
            // Out of window (an old SYN-ACK at the peer's ISN included): ACK, rate limited, and drop.
            Output.sendDupAckRateLimited(r, now);
            return;
        }
        if (f.syn() && seg.seq() != r.irs) {
            // embryonic_reset: a new SYN in window is answered by a reset and the request dies (a SYN
            // at rcv_isn is truncated away instead).
            Output.sendResetFor(r.stack, in, seg);
            dropRequest(r);
            return;
        }
        if (!f.ack()) {
            return;
        }
        Tcb l = r.listener;
        if (l.acceptQueue.size() > l.backlog) {
            // The accept queue is full: ignore the ACK (the SYN-ACK timer keeps running) or reset.
            if (l.stack.tunables().tcpAbortOnOverflow != 0) {
                Output.sendResetFor(r.stack, in, seg);
                dropRequest(r);
            }
            return;
        }
        l.requests.remove(r);
        // tcp_create_openreq_child: the child starts with last_oow_ack_time = 0, so a SYN-ACK the
        // request resent for a retransmitted SYN does not rate-limit the child's first challenge ACK.
        r.lastOutOfWindowAckMicros = Long.MIN_VALUE / 2;
        // tcp_check_req: the child's ts_recent is the TS val of the ACK that created it (not the
        // SYN's), when that ACK is not beyond rcv_nxt.
        seg.option(dev.jdrill.wire.TcpOption.Timestamp.class)
                .filter(ts -> r.tsOk && !SeqNum.gt(seg.seq(), r.rcvNxt))
                .ifPresent(ts -> r.tsRecent = ts.val());
        Receiver.ackOfSyn(r, seg, now);
        r.transmitTimer = null;
        establish(r, now);
        r.sndWnd = (long) seg.window() << r.sndWscale;
        r.maxWindow = r.sndWnd;
        r.sndWl1 = seg.seq();
        syncMss(r);
        l.acceptQueue.add(r);
        if (!seg.payload().isEmpty() || f.fin()) {
            Receiver.dataAndFin(r, seg, now);
            Receiver.ackSndCheck(r, now);
        }
    }

    /** tcp_in_window against [rcv_nxt, rcv_nxt + the SYN-ACK's window]. */
    private static boolean inSynAckWindow(Tcb r, TcpSegment seg) {
        long seq = seg.seq();
        long end = SeqNum.add(seq, seg.sequenceLength());
        long right = SeqNum.add(r.rcvNxt, Math.min(r.rcvWnd, 65535));
        if (seq == r.rcvNxt) {
            return true;
        }
        if (SeqNum.gt(end, r.rcvNxt) && SeqNum.lt(seq, right)) {
            return true;
        }
        return seq == right && seq == end;
    }

    static void dropRequest(Tcb r) {
        if (r.listener != null) {
            r.listener.requests.remove(r);
        }
        r.stack.destroy(r);
    }

    /** reqsk_timer_handler: SYN-ACK retransmission with doubling timeout, expiry after tcp_synack_retries. */
    static void synAckTimer(Tcb r, long now) {
        if (r.listener != null && r.listener.state != TcpState.LISTEN) {
            // reqsk_timer_handler: the listener was closed — drop without another SYN-ACK.
            dropRequest(r);
            return;
        }
        int max = r.synCount > 0 ? r.synCount : r.stack.tunables().tcpSynackRetries;
        if (r.synAckRetransmits >= max) {
            dropRequest(r);
            return;
        }
        Sender.transmitSkb(r, r.sendQueue.peekFirst(), now, true);
        r.synAckRetransmits++;
        long timeout = Math.min(Rtt.TIMEOUT_INIT_MICROS << r.synAckRetransmits, 120_000_000L);
        r.transmitTimer = new Timer.SynAckRetransmit(Rtt.timerDeadline(now, timeout));
    }

    /** Errno a failed connect reports. */
    static Errno refused() {
        return Errno.ECONNREFUSED;
    }
}
