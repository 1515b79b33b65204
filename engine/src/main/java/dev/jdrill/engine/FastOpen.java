package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.WOULD_BLOCK;
import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Client TCP Fast Open (RFC 7413), read from Linux 6.18's tcp_fastopen.c, tcp_sendmsg_fastopen,
 * tcp_send_syn_data and tcp_rcv_fastopen_synack: TCP_FASTOPEN_CONNECT, MSG_FASTOPEN, the cookie request
 * ({@code FO} with no cookie) in the SYN, the per-destination cache of cookie and MSS, data in the SYN
 * when a cookie is cached, and the fallback when the SYN-ACK does not acknowledge that data (it is sent
 * again at once), and the cookie-less client of tcp_fastopen 0x4 (data in a SYN without the option).
 * Not modelled: the TCP_FASTOPEN_NO_COOKIE socket option and the per-route RTAX_FASTOPEN_NO_COOKIE,
 * and the blackhole logic.
 */
final class FastOpen {
    private FastOpen() {
    }

    /**
     * One destination's tcp_fastopen_metrics: the last cookie (hex, empty if none) and MSS it gave us,
     * and try_exp: 1 after a cookie request went unanswered (ask with the experimental option next),
     * 2 after that went unanswered too (back to RFC 7413's).
     */
    record Cached(String cookieHex, boolean experimental, int mss, int tryExp) {
    }

    /** MAX_TCP_OPTION_SPACE: tcp_send_syn_data keeps room for every option a middlebox might add. */
    private static final int MAX_TCP_OPTION_SPACE = 40;
    private static final int TCP_MIN_SND_MSS = 48;

    /** TFO_CLIENT_ENABLE in net.ipv4.tcp_fastopen. */
    static boolean clientEnabled(Tunables k) {
        return (k.tcpFastopen & 1) != 0;
    }

    /** do_tcp_setsockopt TCP_FASTOPEN_CONNECT. */
    static SocketCallResult setConnectOption(Tcb t, long value) {
        if (value < 0 || value > 1) {
            return fail(Errno.EINVAL);
        }
        if (!clientEnabled(t.stack.tunables())) {
            return fail(Errno.EOPNOTSUPP);
        }
        if (t.state != TcpState.CLOSED) {
            return fail(Errno.EINVAL);
        }
        t.fastopenConnect = value == 1;
        return ok(0);
    }

    private static Optional<Cached> cookieFor(Tcb t, java.net.InetAddress remote) {
        return Optional.ofNullable(t.stack.fastOpenCookies.get(remote)).filter(c -> !c.cookieHex().isEmpty());
    }

    /**
     * tcp_fastopen_defer_connect, at connect(): with a cookie cached for the peer, connect() returns 0
     * at once and the SYN waits for the first write (state SYN_SENT, nothing sent); without one the
     * SYN asks for a cookie.
     */
    static boolean deferConnect(Tcb t) {
        if (!t.fastopenConnect) {
            return false;
        }
        if (cookieFor(t, t.remoteAddress).isPresent()) {
            t.deferConnect = true;
            t.state = TcpState.SYN_SENT;
            return true;
        }
        requestCookie(t);
        return false;
    }

    /** tp->syn_fastopen with an empty cookie: the SYN asks for one. */
    private static void requestCookie(Tcb t) {
        t.fastopenCookieRequest = true;
        t.fastOpen.synFastopen = true;
        Cached c = t.stack.fastOpenCookies.get(t.remoteAddress);
        t.fastOpen.synExp = c != null && c.tryExp() == 1;            // tcp_fastopen_cache_get
        t.fastOpen.synOption = t.fastOpen.synExp ? new TcpOption.FastOpenExperimental("") : new TcpOption.FastOpen("");
    }

    /** The SYN's (or SYN-ACK's) Fast Open option, once, padded to 32 bits as tcp_options_write does. */
    static List<TcpOption> withSynOption(Tcb t, List<TcpOption> synOptions) {
        TcpOption fo = t.fastOpen.synOption;
        if (fo == null) {
            return synOptions;
        }
        t.fastOpen.synOption = null;
        List<TcpOption> o = new ArrayList<>(synOptions);
        o.add(fo);
        int len = switch (fo) {
            case TcpOption.FastOpen f -> 2 + f.cookieHex().length() / 2;
            case TcpOption.FastOpenExperimental f -> 4 + f.cookieHex().length() / 2;
            default -> 0;
        };
        if ((len & 3) == 2) {
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Nop());
        }
        return o;
    }

    /**
     * tcp_sendmsg_fastopen: a send with MSG_FASTOPEN on an unconnected socket, or any send on a
     * deferred one, connects. tcp_send_syn_data copies the data into the SYN when a cookie is
     * cached; when that copy faults (a NULL buffer) or there is no cookie it falls back to a plain
     * SYN asking for a cookie. A non-blocking call returns what went into the SYN (EINPROGRESS if
     * nothing did); a blocking one waits for the handshake and then queues the rest.
     *
     * @param remote the destination of sendto/sendmsg; empty for a deferred socket's write
     */
    static SocketCallResult send(TcpStack stack, Tcb t, Optional<Endpoint> remote, int length, boolean nullBuffer,
            boolean dontWait, long now) {
        return send(stack, t, remote, length, nullBuffer, dontWait, false, now);
    }

    /**
     * As above; with {@code zerocopy} (MSG_ZEROCOPY on an SO_ZEROCOPY socket) the SYN's data holds
     * the send's zerocopy id (tcp_send_syn_data's skb_zcopy_set), which completes when the SYN-ACK
     * acknowledges it; a send that put nothing in the SYN gives its id back (net_zcopy_put_abort).
     * The bytes a blocking send queues after the handshake are not counted under that id.
     */
    static SocketCallResult send(TcpStack stack, Tcb t, Optional<Endpoint> remote, int length, boolean nullBuffer,
            boolean dontWait, boolean zerocopy, long now) {
        if (t.fastOpen.blockedSendLength >= 0) {
            return blockedSendResumes(stack, t, length, nullBuffer, now);
        }
        if (!clientEnabled(stack.tunables())) {
            return fail(Errno.EOPNOTSUPP);
        }
        t.fastOpen.synZerocopy = zerocopy && t.zerocopy;
        boolean nonBlocking = t.nonBlocking || dontWait;
        if (t.deferConnect) {
            t.deferConnect = false;
            t.state = TcpState.CLOSED;
            prepareSyn(t, length, nullBuffer);
            Handshake.connect(t, now);
            t.connectInProgress = true;
            return afterSyn(t, length, nonBlocking);
        }
        if (t.state != TcpState.CLOSED || t.hasConnected) {
            // __inet_stream_connect with is_sendmsg: connected → EISCONN; a non-blocking connect
            // still in progress → EALREADY; completed since → the send goes on normally.
            if (t.connectInProgress && t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECV) {
                t.connectInProgress = false;
                return stack.api.write(t.fd, length, nullBuffer, now);
            }
            return fail(t.connectInProgress ? Errno.EALREADY : Errno.EISCONN);
        }
        Endpoint to = remote.orElseThrow();
        t.remoteAddress = to.address();
        prepareSyn(t, length, nullBuffer);
        boolean wasNonBlocking = t.nonBlocking;
        boolean deferrable = t.fastopenConnect;
        t.nonBlocking = true;
        t.fastopenConnect = false;                    // tcp_fastopen_defer_connect: not with a fastopen_req
        SocketCallResult r = stack.api.connect(t.fd, to, now);
        t.nonBlocking = wasNonBlocking;
        t.fastopenConnect = deferrable;
        if (!(r instanceof SocketCallResult.Failed f) || f.errno() != Errno.EINPROGRESS) {
            return r;
        }
        return afterSyn(t, length, nonBlocking);
    }

    /**
     * tcp_send_syn_data's choice: with a cookie cached, the SYN carries as much of the send as fits
     * an MSS (the cached one, bounded by the path MTU and TCP_MAXSEG) less 40 bytes of option space.
     */
    private static void prepareSyn(Tcb t, int length, boolean nullBuffer) {
        t.fastOpen.synDataCopied = 0;
        t.fastOpen.noCookie = false;
        Optional<Cached> c = cookieFor(t, t.remoteAddress);
        boolean noCookie = (t.stack.tunables().tcpFastopen & Tunables.TFO_CLIENT_NO_COOKIE) != 0;
        if (noCookie) {
            // tcp_fastopen_cookie_check under tcp_fastopen 0x4: cookie.len = -1, so the SYN carries
            // no Fast Open option (nor sets syn_fastopen), with or without a cookie cached; a copy
            // that faults falls back to a plain SYN, still without the option.
            t.fastOpen.noCookie = true;
            c = Optional.ofNullable(t.stack.fastOpenCookies.get(t.remoteAddress))
                    .or(() -> Optional.of(new Cached("", false, 0, 0)));
            if (nullBuffer) {
                return;
            }
        } else if (c.isEmpty() || nullBuffer) {
            // No cookie, or the copy into the SYN faults: a plain SYN asking for a cookie.
            requestCookie(t);
            return;
        } else {
            t.fastopenCookieRequest = true;                               // tp->syn_fastopen
            t.fastOpen.synFastopen = true;
            t.fastOpen.synOption = c.get().experimental() ? new TcpOption.FastOpenExperimental(c.get().cookieHex())
                    : new TcpOption.FastOpen(c.get().cookieHex());
        }
        int ipHeader = t.remoteAddress instanceof Inet4Address ? 20 : 40;
        int mss = t.stack.mtu() - ipHeader - 20;
        int clamp = c.get().mss() > 0 ? c.get().mss() : mss;
        if (t.userMss > 0) {
            clamp = Math.min(clamp, t.userMss);
        }
        int space = Math.max(Math.min(mss, clamp), TCP_MIN_SND_MSS) - MAX_TCP_OPTION_SPACE;
        t.fastOpen.synDataCopied = Math.max(0, Math.min(space, length));
    }

    /** What the connecting send returns once its SYN is out. */
    private static SocketCallResult afterSyn(Tcb t, int length, boolean nonBlocking) {
        int copied = t.fastOpen.synDataCopied;
        if (nonBlocking) {
            return copied > 0 ? ok(copied) : fail(Errno.EINPROGRESS);
        }
        t.fastOpen.blockedSendLength = length;
        return WOULD_BLOCK;
    }

    /** A blocking connecting send, retried: still handshaking, failed, or connected (then the rest is queued). */
    private static SocketCallResult blockedSendResumes(TcpStack stack, Tcb t, int length, boolean nullBuffer, long now) {
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) {
            return WOULD_BLOCK;
        }
        int copied = t.fastOpen.synDataCopied;
        t.fastOpen.blockedSendLength = -1;
        t.fastOpen.synDataCopied = 0;
        t.connectInProgress = false;
        if (t.state == TcpState.CLOSED) {
            Errno e = SocketApi.takeError(t);
            return fail(e == null ? Errno.EPIPE : e);
        }
        if (length - copied <= 0) {
            return ok(copied);
        }
        SocketCallResult r = stack.api.write(t.fd, length - copied, nullBuffer, now);
        return r instanceof SocketCallResult.Done d ? ok(copied + d.value()) : r;
    }

    /**
     * tcp_send_syn_data, from tcp_connect: the SYN goes out with the send's first bytes, which stay
     * queued after it for retransmission (the SYN itself is retransmitted without them). Returns
     * false when the SYN carries no data (the caller sends it as usual).
     */
    static boolean sendSynData(Tcb t, Tcb.Skb syn, long now) {
        int n = t.fastOpen.synDataCopied;
        if (n <= 0) {
            t.fastOpen.synData = false;
            return false;
        }
        Tcb.Skb data = new Tcb.Skb(SeqNum.add(t.iss, 1), n);
        data.psh = true;
        data.pushEnd = true; // one kernel skb (tcp_send_syn_data): a resend of it keeps PSH
        data.sent = true;
        data.sentMicros = now;
        syn.sent = true;
        syn.sentMicros = now;
        t.sendQueue.add(data);
        if (t.fastOpen.synZerocopy) {
            t.zeroCopy.sent(data.endSeq());
        }
        t.fastOpen.synZerocopy = false;
        t.sndNxt = data.endSeq();
        t.bytesSent += n;
        t.lastSendMicros = now;
        t.fastOpen.synData = true;
        Output.transmit(t, t.iss, TcpFlags.SYN, n, now, true);
        return true;
    }

    /**
     * tcp_rcv_fastopen_synack's cache update (tcp_fastopen_cache_set): the SYN-ACK's MSS, and its
     * cookie when it has one of a valid length, are remembered for the peer.
     */
    static void synAckReceived(Tcb t, TcpSegment synAck) {
        if (t.fastOpen.noCookie && t.fastOpen.synData) {
            // tcp_rcv_fastopen_synack without syn_fastopen: the cookie is ignored, the MSS cached.
            t.fastOpen.noCookie = false;
            Cached old = t.stack.fastOpenCookies.get(t.remoteAddress);
            int mss = synAck.option(TcpOption.MaxSegmentSize.class).map(TcpOption.MaxSegmentSize::mss)
                    .orElse(old == null ? 0 : old.mss());
            t.stack.fastOpenCookies.put(t.remoteAddress, old == null ? new Cached("", false, mss, 0)
                    : new Cached(old.cookieHex(), old.experimental(), mss, old.tryExp()));
            return;
        }
        if (!t.fastopenCookieRequest) {
            return;                                                   // an unsolicited cookie is ignored
        }
        t.fastopenCookieRequest = false;
        Cached old = t.stack.fastOpenCookies.get(t.remoteAddress);
        String cookie = old == null ? "" : old.cookieHex();
        boolean exp = old != null && old.experimental();
        int tryExp = old == null ? 0 : old.tryExp();
        boolean got = false;
        for (TcpOption o : synAck.options()) {
            String hex = switch (o) {
                case TcpOption.FastOpen f -> f.cookieHex();
                case TcpOption.FastOpenExperimental f -> f.cookieHex();
                default -> null;
            };
            int len = hex == null ? -1 : hex.length() / 2;
            if (len >= 4 && len <= 16 && len % 2 == 0) {
                cookie = hex.toLowerCase(java.util.Locale.ROOT);
                exp = o instanceof TcpOption.FastOpenExperimental;
                got = true;
            }
        }
        if (!got && t.totalRetrans == 0 && !t.fastOpen.synData) {
            // A cookie request went unanswered: try the other option format next time.
            int next = t.fastOpen.synExp ? 2 : 1;
            if (next > tryExp && cookie.isEmpty() && !exp) {
                tryExp = next;
            }
        }
        int mss = synAck.option(TcpOption.MaxSegmentSize.class).map(TcpOption.MaxSegmentSize::mss)
                .orElse(old == null ? 0 : old.mss());
        t.stack.fastOpenCookies.put(t.remoteAddress, new Cached(cookie, exp, mss, tryExp));
    }

    /**
     * The rest of tcp_rcv_fastopen_synack, once the connection is established: the SYN's data the
     * SYN-ACK acknowledged leaves the queue (tcp_ack); if any is left, it is sent again at once and
     * returns true (the retransmission carries the ACK of the SYN-ACK, which is not sent by itself).
     */
    static boolean synDataAcked(Tcb t, TcpSegment synAck, long now) {
        boolean fastOpenSyn = t.fastOpen.synFastopen || t.fastOpen.synData;   // syn_fastopen || syn_data
        t.fastOpen.synFastopen = false;
        if (!t.fastOpen.synData) {
            return writerWaits(t, synAck, now) || synAckData(t, synAck, fastOpenSyn, now);
        }
        t.fastOpen.synData = false;
        long ack = synAck.ack();
        for (Iterator<Tcb.Skb> it = t.sendQueue.iterator(); it.hasNext(); ) {
            Tcb.Skb s = it.next();
            if (!s.sent) {
                break;
            }
            if (!SeqNum.gt(s.endSeq(), ack)) {
                it.remove();
                t.bytesAcked += s.len;
                t.delivered++;
            } else if (SeqNum.lt(s.seq, ack)) {
                int acked = (int) SeqNum.diff(ack, s.seq);
                s.seq = ack;
                s.len -= acked;
                t.bytesAcked += acked;
            }
        }
        t.zeroCopy.acked(t, ack);                                     // the SYN's data skb is freed
        Tcb.Skb unacked = t.sendQueue.peekFirst();
        if (unacked != null && unacked.sent) {
            // tcp_rcv_fastopen_synack: the unacked SYN data is marked lost and resent
            // (tcp_non_congestion_loss_retransmit) as one packet of the SYN-ACK's (smaller) MSS
            // segments: tcp_set_skb_tso_segs counts them, so packets_out and retrans_out
            // (tcpi_unacked, tcpi_retrans) are in those segments.
            java.util.List<Tcb.Skb> run = new java.util.ArrayList<>();
            for (Tcb.Skb s : Tcb.splitToMss(t)) {
                if (s.sent) {
                    s.lostMarked = true;
                    s.retransInFlight = true;
                    run.add(s);
                }
            }
            Sender.retransmitAsOnePacket(t, run, now);
            Sender.push(t, now);
            Sender.rearmRto(t, now);
            return true;
        }
        t.fastOpen.synDataAcked = true;
        if (t.delivered > 1) {
            t.delivered--;                                            // SYN and its data count as one delivery
        }
        return writerWaits(t, synAck, now) || synAckData(t, synAck, fastOpenSyn, now);
    }

    /**
     * tcp_rcv_synsent_state_process with sk_write_pending: a blocking send still holds data the SYN
     * did not carry, so the ACK of the SYN-ACK waits (TCP_DELACK_MAX) for that data to carry it.
     */
    private static boolean writerWaits(Tcb t, TcpSegment synAck, long now) {
        if (t.fastOpen.blockedSendLength <= t.fastOpen.synDataCopied || !synAck.payload().isEmpty()
                || synAck.flags().fin()) {
            return false;
        }
        // inet_csk_schedule_ack + tcp_enter_quickack_mode + the delayed-ACK timer at TCP_DELACK_MAX;
        // the writer's data then goes out within ato of the SYN-ACK, which counts as interactive.
        Receiver.enterQuickAck(t);
        t.lastRecvMicros = now;
        t.ackScheduled = true;
        t.delayedAckTimer = new Timer.DelayedAck(Rtt.timerDeadline(now, 200_000));
        return true;
    }

    /**
     * tcp_fastopen_add_skb for the SYN-ACK of a Fast Open SYN: its data (and FIN) are taken, one past
     * the peer's ISN; then the ACK goes out as after any SYN-ACK. Returns false for a SYN-ACK without
     * data or to a SYN that did not use Fast Open (the caller goes on as usual).
     */
    private static boolean synAckData(Tcb t, TcpSegment synAck, boolean fastOpenSyn, long now) {
        if (!fastOpenSyn || (synAck.payload().isEmpty() && !synAck.flags().fin())) {
            return false;
        }
        TcpSegment data = new TcpSegment(synAck.sourcePort(), synAck.destinationPort(), SeqNum.add(synAck.seq(), 1),
                synAck.ack(), new TcpFlags(synAck.flags().bits() & ~TcpFlags.SYN), synAck.window(), 0,
                synAck.options(), synAck.payload());
        Receiver.dataAndFin(t, data, now);
        if (!t.ackScheduled) {
            t.ackNow = true;
        }
        Output.sendAck(t, now);
        return true;
    }
}
