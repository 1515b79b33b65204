package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Server TCP Fast Open (RFC 7413), read from Linux 6.18's tcp_fastopen.c and its callers: the
 * listener's Fast Open queue (TCP_FASTOPEN, or listen() under tcp_fastopen 0x400), cookie requests and
 * cookie checks in tcp_try_fastopen, and the child socket tcp_fastopen_create_child makes from a SYN
 * with a valid cookie: a full socket in SYN_RECV, already in the accept queue, holding the SYN's data,
 * able to send before the handshake completes, with its SYN-ACK retransmitted by
 * tcp_fastopen_synack_timer until the peer's ACK arrives (tcp_check_req with fastopen set, then
 * tcp_rcv_synrecv_state_fastopen).
 */
final class FastOpenServer {
    private FastOpenServer() {
    }

    /** TCP_FASTOPEN_COOKIE_MIN / MAX: the cookie lengths tcp_parse_fastopen_option copies. */
    private static final int COOKIE_MIN = 4;
    private static final int COOKIE_MAX = 16;
    /** How long a reset child's request keeps its place in the queue (tcp_fastopen.c: 60 s). */
    private static final long RESET_REQUEST_LIFETIME_MICROS = 60_000_000L;

    /** TCP_FASTOPEN: do_tcp_setsockopt → fastopen_queue_tune, on a CLOSED or listening socket. */
    static SocketCallResult setQueueLength(Tcb t, long value) {
        if (value < 0 || (t.state != TcpState.CLOSED && t.state != TcpState.LISTEN)) {
            return fail(Errno.EINVAL);
        }
        t.fastOpen.maxQlen = (int) Math.min(value, t.stack.tunables().coreSomaxconn);
        return ok(0);
    }

    /** inet_listen: tcp_fastopen 0x400|0x2 turns Fast Open on for a listener that did not set TCP_FASTOPEN. */
    static void listen(Tcb l, int backlog) {
        int sysctl = l.stack.tunables().tcpFastopen;
        if ((sysctl & Tunables.TFO_SERVER_WO_SOCKOPT1) != 0 && (sysctl & Tunables.TFO_SERVER_ENABLE) != 0
                && l.fastOpen.maxQlen == 0) {
            l.fastOpen.maxQlen = Math.min(Math.max(backlog, 0), l.stack.tunables().coreSomaxconn);
        }
    }

    /** The cookie option a SYN carried (tcp_parse_fastopen_option): empty cookie = a request. */
    private record Offer(String cookieHex, boolean experimental) {
    }

    private static Offer offer(TcpSegment syn) {
        for (TcpOption o : syn.options()) {
            String hex;
            boolean exp;
            switch (o) {
                case TcpOption.FastOpen f -> {
                    hex = f.cookieHex();
                    exp = false;
                }
                case TcpOption.FastOpenExperimental f -> {
                    hex = f.cookieHex();
                    exp = true;
                }
                default -> {
                    continue;
                }
            }
            int len = hex.length() / 2;
            if (len == 0 || (len >= COOKIE_MIN && len <= COOKIE_MAX && len % 2 == 0)) {
                return new Offer(hex.toLowerCase(java.util.Locale.ROOT), exp);
            }
            return null;
        }
        return null;
    }

    /**
     * tcp_try_fastopen, for request {@code r} that listener {@code l} made from {@code syn}. Returns
     * true when it made a Fast Open child (which it has answered and queued for accept()); otherwise
     * the caller sends the request's SYN-ACK, which carries {@link FastOpenState#synOption} if set.
     */
    static boolean tryFastOpen(Tcb l, Tcb r, IpPacket in, TcpSegment syn, long now) {
        Tunables k = l.stack.tunables();
        Offer foc = offer(syn);
        boolean synData = !syn.payload().isEmpty() || syn.flags().fin();
        if ((k.tcpFastopen & Tunables.TFO_SERVER_ENABLE) == 0 || (!synData && foc == null) || !queueCheck(l, now)) {
            return false;
        }
        if ((k.tcpFastopen & Tunables.TFO_SERVER_COOKIE_NOT_REQD) != 0) {
            createChild(l, r, syn, now);
            return true;
        }
        if (foc == null) {
            return false;
        }
        FastOpenKey[] keys = keys(l);
        String valid = keys[0].cookie(FastOpenKey.headerForm(in.source()), FastOpenKey.headerForm(in.destination()));
        if (!foc.cookieHex().isEmpty()) {
            for (int i = 0; i < keys.length; i++) {
                String c = i == 0 ? valid
                        : keys[i].cookie(FastOpenKey.headerForm(in.source()), FastOpenKey.headerForm(in.destination()));
                if (c.equals(foc.cookieHex())) {
                    // A cookie of the backup key is taken, and the SYN-ACK hands out the primary's.
                    if (i > 0) {
                        r.fastOpen.synOption = option(valid, foc.experimental());
                    }
                    createChild(l, r, syn, now);
                    return true;
                }
            }
        }
        // A cookie request, or a cookie that does not match: the SYN-ACK carries the valid one.
        r.fastOpen.synOption = option(valid, foc.experimental());
        return false;
    }

    private static FastOpenKey[] keys(Tcb l) {
        return l.fastOpen.keys != null ? l.fastOpen.keys : FastOpenKey.ofSysctlValue(l.stack.tunables().tcpFastopenKey);
    }

    private static TcpOption option(String cookieHex, boolean experimental) {
        return experimental ? new TcpOption.FastOpenExperimental(cookieHex) : new TcpOption.FastOpen(cookieHex);
    }

    /** tcp_fastopen_queue_check: room in the listener's Fast Open queue (expired reset requests leave it). */
    private static boolean queueCheck(Tcb l, long now) {
        FastOpenState q = l.fastOpen;
        if (q.maxQlen == 0) {
            return false;
        }
        if (q.qlen >= q.maxQlen) {
            Long expiry = q.resetRequestExpiries.peekFirst();
            if (expiry == null || expiry > now) {
                return false;                                         // LINUX_MIB_TCPFASTOPENLISTENOVERFLOW
            }
            q.resetRequestExpiries.pollFirst();
            q.qlen--;
        }
        return true;
    }

    /**
     * tcp_fastopen_create_child + tcp_fastopen_add_skb, then tcp_conn_request's SYN-ACK and
     * inet_csk_reqsk_queue_add: the child takes the SYN's data and goes straight to the accept queue.
     */
    private static void createChild(Tcb l, Tcb r, TcpSegment syn, long now) {
        r.fastOpen.child = true;
        r.fastOpen.listener = l;
        l.fastOpen.qlen++;
        // tcp_create_openreq_child: snd_una = snd_nxt = isn + 1; the SYN-ACK belongs to the request,
        // not to the child's write queue.
        r.sndUna = SeqNum.add(r.iss, 1);
        r.sndNxt = r.sndUna;
        r.sndWnd = syn.window();                                      // a SYN's window is never scaled
        r.maxWindow = r.sndWnd;
        int len = syn.payload().length();
        if (len > 0) {
            r.rcvNxt = SeqNum.add(r.rcvNxt, len);
            r.unreadBytes += len;
            r.rmemAlloc += Windows.truesize(len);
            r.bytesReceived = len;
            r.dataSegsIn++;
            r.lastDataRecvMicros = now;
            r.fastOpen.synDataAcked = true;
        }
        r.rcvWup = r.rcvNxt;
        r.fastOpen.requestRcvNxt = r.rcvNxt;
        sendSynAck(r, now);
        r.fastOpen.synOption = null;
        // tcp_init_transfer, but the socket stays in SYN_RECV until the peer's ACK.
        Handshake.establish(r, now);
        r.state = TcpState.SYN_RECV;
        r.transmitTimer = new Timer.SynAckRetransmit(Rtt.timerDeadline(now, Rtt.TIMEOUT_INIT_MICROS));
        l.stack.sockets.add(r);
        l.acceptQueue.add(r);
    }

    private static void sendSynAck(Tcb t, long now) {
        t.fastOpen.synAckSentMicros = now;
        Output.transmit(t, t.iss, TcpFlags.SYN | TcpFlags.ACK, 0, now);
    }

    /**
     * A segment for a child still in SYN_RECV: tcp_check_req with fastopen set (SYN retransmission,
     * window, RST, SYN, ACK), then tcp_rcv_state_process's SYN_RECV step; an acceptable ACK completes
     * the handshake and the segment goes on as on an established connection.
     */
    static void childReceive(Tcb t, IpPacket in, TcpSegment seg, long now) {
        TcpFlags f = seg.flags();
        if (f.syn() && !f.rst() && !f.ack() && seg.seq() == t.irs) {
            // The peer did not see our SYN-ACK: send it again (rate limited, tcp_oow_rate_limited).
            if (now - t.lastOutOfWindowAckMicros >= t.stack.tunables().tcpInvalidRatelimitMillis * 1000L) {
                t.lastOutOfWindowAckMicros = now;
                retransmitSynAck(t, now);
            }
            return;
        }
        if (!inRequestWindow(t, seg)) {
            if (!f.rst()) {
                Output.sendDupAckRateLimited(t, now);
            }
            return;
        }
        if (f.rst()) {
            if (seg.seq() == t.rcvNxt) {
                requestDone(t, true, now);
                t.listener = null;                                    // a reset child stays in the accept queue
                Closer.reset(t, now);
            } else {
                Output.sendDupAckRateLimited(t, now);
            }
            return;
        }
        if (f.syn()) {
            // A new SYN in window: reset the peer, but keep the child (embryonic_reset with fastopen).
            Output.sendResetFor(t.stack, in, seg);
            return;
        }
        if (!f.ack()) {
            return;
        }
        if (SeqNum.lt(seg.ack(), t.sndUna) || SeqNum.gt(seg.ack(), t.sndNxt)) {
            Output.sendResetFor(t.stack, in, seg);                    // tcp_ack refuses it in SYN_RECV: one RST
            return;
        }
        // tcp_rcv_state_process, TCP_SYN_RECV with a request: tcp_rcv_synrecv_state_fastopen.
        t.delivered++;
        if (t.srttUs8 == 0 && t.fastOpen.synAckTimeouts == 0) {
            Rtt.sample(t, now - t.fastOpen.synAckSentMicros);        // tcp_synack_rtt_meas
        }
        requestDone(t, false, now);
        t.retransmits = 0;
        t.retransStampMicros = -1;
        t.transmitTimer = null;
        t.state = TcpState.ESTABLISHED;
        t.sndWnd = (long) seg.window() << t.sndWscale;
        t.maxWindow = Math.max(t.maxWindow, t.sndWnd);
        t.sndWl1 = seg.seq();
        t.lastAckRecvMicros = now;
        Sender.rearmRto(t, now);
        t.segsIn--;                                                   // counted once, by the call below
        Receiver.receive(t, in, seg, now);
    }

    /** tcp_in_window against the request's [rcv_nxt, rcv_nxt + SYN-ACK window] (tcp_check_req). */
    private static boolean inRequestWindow(Tcb t, TcpSegment seg) {
        long left = t.fastOpen.requestRcvNxt;
        long seq = seg.seq();
        long end = SeqNum.add(seq, seg.sequenceLength());
        long right = SeqNum.add(left, Math.min(t.rcvWnd, 65535));
        if (seq == left) {
            return true;
        }
        if (SeqNum.gt(end, left) && SeqNum.lt(seq, right)) {
            return true;
        }
        return seq == right && seq == end;
    }

    /**
     * reqsk_fastopen_remove: the child no longer has a request. A reset child's request keeps its
     * place in the listener's queue for a while (against RST floods), others leave it at once.
     */
    static void requestDone(Tcb t, boolean reset, long now) {
        if (!t.fastOpen.child) {
            return;
        }
        t.fastOpen.child = false;
        Tcb l = t.fastOpen.listener;
        t.fastOpen.listener = null;
        if (l == null) {
            return;
        }
        if (reset && l.state == TcpState.LISTEN) {
            l.fastOpen.resetRequestExpiries.addLast(now + RESET_REQUEST_LIFETIME_MICROS);
        } else {
            l.fastOpen.qlen--;
        }
    }

    /** tcp_fastopen_synack_timer: one more try than a request gets, and the child errors out after. */
    static void synAckTimer(Tcb t, long now) {
        int max = t.synCount > 0 ? t.synCount : t.stack.tunables().tcpSynackRetries + 1;
        if (t.fastOpen.synAckTimeouts >= max) {
            requestDone(t, false, now);
            Timers.writeError(t);
            return;
        }
        if (t.retransmits == 1) {
            Timers.enterLoss(t);
        }
        retransmitSynAck(t, now);
        t.fastOpen.synAckTimeouts++;
        t.retransmits++;                                              // tcp_update_rto_stats
        t.totalRto++;
        if (t.retransStampMicros < 0) {
            t.retransStampMicros = now;
        }
        long timeout = Math.min(Rtt.TIMEOUT_INIT_MICROS << t.fastOpen.synAckTimeouts, 120_000_000L);
        t.transmitTimer = new Timer.SynAckRetransmit(Rtt.timerDeadline(now, timeout));
    }

    /** inet_rtx_syn_ack → tcp_rtx_synack: counted in the child's total_retrans. */
    private static void retransmitSynAck(Tcb t, long now) {
        t.totalRetrans++;
        Output.transmit(t, t.iss, TcpFlags.SYN | TcpFlags.ACK, 0, now);
    }
}
