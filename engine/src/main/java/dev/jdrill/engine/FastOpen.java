package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client TCP Fast Open (RFC 7413) as far as a SYN without data goes (tcp_fastopen.c, tcp_sendmsg_fastopen,
 * tcp_send_syn_data): TCP_FASTOPEN_CONNECT, MSG_FASTOPEN, the cookie request ({@code FO} with no cookie)
 * in the SYN, the per-destination cookie cache filled from the SYN-ACK, and the deferred connect() a
 * cached cookie allows. Not modelled: data in the SYN (it throws {@link UnsupportedOperationException},
 * which the adapter reports as a SKIP), the server side, TCP_FASTOPEN_NO_COOKIE and the blackhole logic.
 */
final class FastOpen {
    private FastOpen() {
    }

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

    /**
     * tcp_fastopen_defer_connect, at connect(): with a cookie cached for the peer, connect() returns 0
     * at once and the SYN waits for the first write (state SYN_SENT, nothing sent); without one the
     * SYN asks for a cookie.
     */
    static boolean deferConnect(Tcb t) {
        if (!t.fastopenConnect) {
            return false;
        }
        if (t.stack.fastOpenCookies.containsKey(t.remoteAddress)) {
            t.deferConnect = true;
            t.state = TcpState.SYN_SENT;
            return true;
        }
        t.fastopenCookieRequest = true;
        return false;
    }

    /** The SYN's options with {@code FO} (empty: a cookie request) and its two nops (tcp_options_write). */
    static List<TcpOption> withCookieRequest(List<TcpOption> synOptions) {
        List<TcpOption> o = new ArrayList<>(synOptions);
        o.add(new TcpOption.FastOpen(""));
        o.add(new TcpOption.Nop());
        o.add(new TcpOption.Nop());
        return o;
    }

    /** tcp_rcv_fastopen_synack: remember the cookie of a SYN-ACK answering our request (tcp_fastopen_cache_set). */
    static void synAckReceived(Tcb t, TcpSegment synAck) {
        if (!t.fastopenCookieRequest) {
            return;
        }
        synAck.option(TcpOption.FastOpen.class).map(TcpOption.FastOpen::cookieHex).filter(c -> !c.isEmpty())
                .ifPresent(c -> t.stack.fastOpenCookies.put(t.remoteAddress, c));
        t.fastopenCookieRequest = false;
    }

    /**
     * tcp_sendmsg_fastopen: a send with MSG_FASTOPEN on an unconnected socket, or any send on a
     * deferred one, connects. tcp_send_syn_data copies the data into the SYN when a cookie is
     * cached; when that copy faults (a NULL buffer) or there is no cookie it falls back to a plain
     * SYN asking for a cookie, and a non-blocking call returns EINPROGRESS having sent nothing.
     *
     * @param remote the destination of sendto/sendmsg; empty for a deferred socket's write
     */
    static SocketCallResult send(TcpStack stack, Tcb t, Optional<Endpoint> remote, int length, boolean nullBuffer,
            boolean dontWait, long now) {
        if (!clientEnabled(stack.tunables())) {
            return fail(Errno.EOPNOTSUPP);
        }
        boolean nonBlocking = t.nonBlocking || dontWait;
        if (t.deferConnect) {
            return synOrFallback(t, length, nullBuffer, nonBlocking, now);
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
        if (!nonBlocking) {
            throw new UnsupportedOperationException("MSG_FASTOPEN on a blocking socket");
        }
        Endpoint to = remote.orElseThrow();
        if (stack.fastOpenCookies.containsKey(to.address()) && !nullBuffer && length > 0) {
            throw new UnsupportedOperationException("TCP Fast Open data in the SYN (a cached cookie)");
        }
        t.fastopenCookieRequest = true;
        boolean wasNonBlocking = t.nonBlocking;
        t.nonBlocking = true;
        SocketCallResult r = stack.api.connect(t.fd, to, now);
        t.nonBlocking = wasNonBlocking;
        return r;
    }

    /** A deferred socket's first send: tcp_connect now, with SYN data or the cookie-request fallback. */
    private static SocketCallResult synOrFallback(Tcb t, int length, boolean nullBuffer, boolean nonBlocking, long now) {
        if (!nullBuffer && length > 0) {
            throw new UnsupportedOperationException("TCP Fast Open data in the SYN (a cached cookie)");
        }
        if (!nonBlocking) {
            throw new UnsupportedOperationException("a blocking send on a TCP_FASTOPEN_CONNECT socket");
        }
        t.deferConnect = false;
        t.state = TcpState.CLOSED;
        t.fastopenCookieRequest = true;
        Handshake.connect(t, now);
        t.connectInProgress = true;
        return fail(Errno.EINPROGRESS);
    }
}
