package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpState;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * ICMP errors about a TCP connection: tcp_v4_err and tcp_v6_err (with icmp_err_convert /
 * icmpv6_err_convert and tcp_req_err). The quoted header names the connection and the sequence
 * number the error is about; a number outside [snd_una, snd_nxt] is ignored. During the handshake a
 * hard error ends the connect at once (tcp_done_with_error: no segment, sk_err set); afterwards it is
 * only remembered as sk_err_soft, which replaces ETIMEDOUT if the connection later times out.
 * "Fragmentation needed" / "packet too big" lower the path MTU ({@link PathMtu}).
 */
final class IcmpErrors {
    private IcmpErrors() {
    }

    private static final int PROTOCOL_TCP = 6;

    // ICMPv4 (RFC 792)
    private static final int V4_DEST_UNREACH = 3;
    private static final int V4_TIME_EXCEEDED = 11;
    private static final int V4_PARAMETER_PROBLEM = 12;
    private static final int V4_FRAG_NEEDED = 4;
    private static final int V4_NET_UNREACH = 0;
    private static final int V4_HOST_UNREACH = 1;
    private static final int NR_ICMP_UNREACH = 15;

    // ICMPv6 (RFC 4443)
    private static final int V6_DEST_UNREACH = 1;
    private static final int V6_PACKET_TOO_BIG = 2;
    private static final int V6_TIME_EXCEEDED = 3;
    private static final int V6_PARAMETER_PROBLEM = 4;
    private static final int V6_NOROUTE = 0;
    private static final int V6_REDIRECT = 137;
    private static final int IPV6_MIN_MTU = 1280;

    /** icmp_err_convert: the errno of each "destination unreachable" code, and whether it is fatal. */
    private static final Errno[] V4_UNREACH_ERRNO = {
        Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.ENOPROTOOPT, Errno.ECONNREFUSED, Errno.EMSGSIZE,
        Errno.EOPNOTSUPP, Errno.ENETUNREACH, Errno.EHOSTDOWN, Errno.ENONET, Errno.ENETUNREACH,
        Errno.EHOSTUNREACH, Errno.ENETUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH,
        Errno.EHOSTUNREACH,
    };

    /** icmpv6_err_convert's tab_unreach. */
    private static final Errno[] V6_UNREACH_ERRNO = {
        Errno.ENETUNREACH, Errno.EACCES, Errno.EHOSTUNREACH, Errno.EHOSTUNREACH, Errno.ECONNREFUSED,
        Errno.EACCES, Errno.EACCES,
    };

    /** What the quoted IP and TCP headers say: the connection (from our side) and the sequence number. */
    record Quote(InetAddress local, InetAddress remote, int localPort, int remotePort, long seq) {
    }

    /** An ICMP message reached the stack (icmp_rcv → icmp_unreach / icmpv6_rcv → the protocol's err handler). */
    static void receive(TcpStack stack, IpPacket packet, IcmpMessage icmp, long now) {
        boolean v6 = packet.destination() instanceof Inet6Address;
        Optional<Quote> quote = quote(icmp.payload().toByteArray());
        if (quote.isEmpty()) {
            return;
        }
        Quote q = quote.get();
        Tcb t = find(stack, q);
        if (t == null || t.state == TcpState.TIME_WAIT || t.timewaitSock || t.state == TcpState.CLOSED) {
            return;
        }
        if (t.state == TcpState.SYN_RECV && t.listener != null && t.listener.requests.contains(t)) {
            requestError(t, q.seq(), v6 ? v6Fatal(icmp) : v4AbortsRequest(icmp));
            return;
        }
        if (t.state != TcpState.LISTEN && !between(q.seq(), t.sndUna, t.sndNxt)) {
            return; // LINUX_MIB_OUTOFWINDOWICMPS
        }
        Errno err = v6 ? v6Error(t, icmp, now) : v4Error(t, icmp, q.seq(), now);
        if (err == null || t.state == TcpState.LISTEN) {
            return;
        }
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) {
            // tcp_done_with_error: the connect fails with this error; nothing is sent.
            t.sendQueue.clear();
            Closer.done(t, err);
            return;
        }
        // Connected: only an error on timeout (no IP_RECVERR in the engine).
        t.pendingSoftError = err;
    }

    /** tcp_v4_err's switch over the type; null where the message is ignored or fully handled. */
    private static Errno v4Error(Tcb t, IcmpMessage icmp, long seq, long now) {
        switch (icmp.type()) {
            case V4_PARAMETER_PROBLEM -> {
                return Errno.EPROTO;
            }
            case V4_TIME_EXCEEDED -> {
                return Errno.EHOSTUNREACH;
            }
            case V4_DEST_UNREACH -> {
                int code = icmp.code();
                if (code > NR_ICMP_UNREACH) {
                    return null;
                }
                if (code == V4_FRAG_NEEDED) {
                    if (t.state != TcpState.LISTEN) {
                        PathMtu.reducedV4(t, (int) (icmp.restOfHeader() & 0xffff), now);
                    }
                    return null;
                }
                if (code == V4_NET_UNREACH || code == V4_HOST_UNREACH) {
                    revertRtoBackoff(t, seq, now);
                }
                return V4_UNREACH_ERRNO[code];
            }
            default -> {
                return null; // redirects, source quench, anything else
            }
        }
    }

    /** tcp_v6_err: packet too big lowers the path MTU; everything else goes through icmpv6_err_convert. */
    private static Errno v6Error(Tcb t, IcmpMessage icmp, long now) {
        if (icmp.type() == V6_REDIRECT) {
            return null;
        }
        if (icmp.type() == V6_PACKET_TOO_BIG) {
            long mtu = icmp.restOfHeader();
            if (t.state != TcpState.LISTEN && mtu >= IPV6_MIN_MTU) {
                PathMtu.reducedV6(t, (int) Math.min(mtu, Integer.MAX_VALUE), now);
            }
            return null;
        }
        Errno err = switch (icmp.type()) {
            case V6_DEST_UNREACH -> icmp.code() < V6_UNREACH_ERRNO.length ? V6_UNREACH_ERRNO[icmp.code()] : Errno.EPROTO;
            case V6_TIME_EXCEEDED -> Errno.EHOSTUNREACH;
            default -> Errno.EPROTO;
        };
        if (icmp.type() == V6_DEST_UNREACH && icmp.code() == V6_NOROUTE && t.state != TcpState.SYN_SENT
                && t.state != TcpState.SYN_RECV && t.state != TcpState.LISTEN) {
            revertRtoBackoff(t, t.sndUna, now);
        }
        return err;
    }

    /** tcp_req_err: an error about our SYN-ACK drops the request when it would be fatal, else nothing. */
    private static void requestError(Tcb r, long seq, boolean abort) {
        if (seq != r.iss || !abort) {
            return;
        }
        Handshake.dropRequest(r);
    }

    /** What tcp_v4_err hands tcp_req_err as "abort": parameter problems, TTL expiry, net and host unreachable. */
    private static boolean v4AbortsRequest(IcmpMessage icmp) {
        return icmp.type() == V4_PARAMETER_PROBLEM || icmp.type() == V4_TIME_EXCEEDED
                || (icmp.type() == V4_DEST_UNREACH && (icmp.code() == V4_NET_UNREACH || icmp.code() == V4_HOST_UNREACH));
    }

    /** icmpv6_err_convert's "fatal": destination unreachable and parameter problems. */
    private static boolean v6Fatal(IcmpMessage icmp) {
        return icmp.type() == V6_DEST_UNREACH || icmp.type() == V6_PARAMETER_PROBLEM;
    }

    /**
     * tcp_ld_RTO_revert (RFC 6069): a net/host unreachable about the head of the retransmission queue
     * undoes one RTO backoff; if the shorter RTO has already passed, the retransmission happens now.
     */
    private static void revertRtoBackoff(Tcb t, long seq, long now) {
        if (seq != t.sndUna || t.retransmits == 0 || t.backoff == 0) {
            return;
        }
        Tcb.Skb head = t.sendQueue.peekFirst();
        if (head == null || !head.sent) {
            return;
        }
        t.backoff--;
        if (t.srttUs8 != 0) {
            Rtt.setRto(t);
        } else {
            t.rtoMicros = Rtt.TIMEOUT_INIT_MICROS;
        }
        long remaining = Rtt.backedOff(t) - Rtt.roundUpToJiffy(now - head.sentMicros);
        if (remaining > 0) {
            t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, remaining));
        } else {
            t.transmitTimer = new Timer.Retransmit(now);
        }
    }

    private static boolean between(long seq, long low, long high) {
        return SeqNum.ge(seq, low) && SeqNum.le(seq, high);
    }

    private static Tcb find(TcpStack stack, Quote q) {
        for (Tcb t : stack.sockets) {
            if (t.hasTuple() && t.localPort == q.localPort() && t.remotePort == q.remotePort()
                    && q.remote().equals(t.remoteAddress) && q.local().equals(t.localAddress)) {
                return t;
            }
        }
        return null;
    }

    /** The quoted IPv4 or IPv6 header and the first 8 bytes of the TCP header after it. */
    static Optional<Quote> quote(byte[] b) {
        if (b.length < 1) {
            return Optional.empty();
        }
        int version = (b[0] & 0xff) >> 4;
        int header;
        int protocol;
        byte[] src;
        byte[] dst;
        if (version == 4) {
            header = (b[0] & 0x0f) * 4;
            if (header < 20 || b.length < header + 8) {
                return Optional.empty();
            }
            protocol = b[9] & 0xff;
            src = Arrays.copyOfRange(b, 12, 16);
            dst = Arrays.copyOfRange(b, 16, 20);
        } else if (version == 6) {
            header = 40;
            if (b.length < header + 8) {
                return Optional.empty();
            }
            protocol = b[6] & 0xff;
            src = Arrays.copyOfRange(b, 8, 24);
            dst = Arrays.copyOfRange(b, 24, 40);
        } else {
            return Optional.empty();
        }
        if (protocol != PROTOCOL_TCP) {
            return Optional.empty();
        }
        int localPort = ((b[header] & 0xff) << 8) | (b[header + 1] & 0xff);
        int remotePort = ((b[header + 2] & 0xff) << 8) | (b[header + 3] & 0xff);
        long seq = ((b[header + 4] & 0xffL) << 24) | ((b[header + 5] & 0xffL) << 16)
                | ((b[header + 6] & 0xffL) << 8) | (b[header + 7] & 0xffL);
        try {
            return Optional.of(new Quote(InetAddress.getByAddress(src), InetAddress.getByAddress(dst),
                    localPort, remotePort, seq));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
