package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.WOULD_BLOCK;
import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import java.net.Inet4Address;

/**
 * The socket system calls with Linux's errno semantics (inet_stream_connect, inet_accept,
 * tcp_recvmsg, tcp_sendmsg, inet_shutdown, tcp_close). Fds are allocated lowest-free from 3, as
 * Linux's fd table does after stdin, stdout and stderr.
 */
final class SocketApi {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_TCP = 6;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;

    private final TcpStack stack;

    SocketApi(TcpStack stack) {
        this.stack = stack;
    }

    private Tcb lookup(int fd) {
        return stack.fds.get(fd);
    }

    SocketCallResult socket(int domain, int type, int protocol) {
        if (domain != AF_INET && domain != AF_INET6) {
            return fail(Errno.EAFNOSUPPORT);
        }
        int baseType = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (baseType != SOCK_STREAM) {
            return fail(Errno.ESOCKTNOSUPPORT);
        }
        if (protocol != 0 && protocol != IPPROTO_TCP) {
            return fail(Errno.EPROTONOSUPPORT);
        }
        int fd = 3;
        while (stack.fdInUse(fd)) {
            fd++;
        }
        Tcb t = stack.newTcb(domain);
        t.fd = fd;
        t.nonBlocking = (type & SOCK_NONBLOCK) != 0;
        t.localAddress = TcpStack.anyAddress(t);
        stack.fds.put(fd, t);
        return ok(fd);
    }

    SocketCallResult bind(int fd, Endpoint address) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (t.bound || t.state != TcpState.CLOSED) {
            return fail(Errno.EINVAL);
        }
        if (t.family == AF_INET && !(address.address() instanceof Inet4Address)) {
            return fail(Errno.EAFNOSUPPORT);
        }
        if (!address.address().isAnyLocalAddress() && !stack.localAddresses().contains(address.address())) {
            return fail(Errno.EADDRNOTAVAIL);
        }
        int port = address.port();
        if (port == 0) {
            port = stack.ephemeralPort();
            if (port < 0) {
                return fail(Errno.EADDRINUSE);
            }
        } else if (portConflict(t, address)) {
            return fail(Errno.EADDRINUSE);
        }
        t.localAddress = address.address();
        t.localPort = port;
        t.bound = true;
        return ok(0);
    }

    /**
     * inet_csk_bind_conflict: another socket on the port with an overlapping address conflicts
     * unless both set SO_REUSEADDR and the other is not listening. TIME_WAIT remnants keep the
     * SO_REUSEADDR of the socket they came from.
     */
    private boolean portConflict(Tcb t, Endpoint address) {
        java.util.Set<Tcb> others = new java.util.LinkedHashSet<>(stack.sockets);
        others.addAll(stack.fds.values());
        for (Tcb o : others) {
            if (o == t || o.localPort != address.port() || (!o.bound && o.listener == null && !o.hasTuple())) {
                continue;
            }
            boolean overlap = o.localAddress.isAnyLocalAddress() || address.address().isAnyLocalAddress()
                    || o.localAddress.equals(address.address());
            if (!overlap) {
                continue;
            }
            if (t.reuseAddr && o.reuseAddr && o.state != TcpState.LISTEN) {
                continue;
            }
            return true;
        }
        return false;
    }

    SocketCallResult listen(int fd, int backlog) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (t.state == TcpState.LISTEN) {
            t.backlog = Math.min(Math.max(backlog, 0), stack.tunables().coreSomaxconn);
            return ok(0);
        }
        if (t.state != TcpState.CLOSED || t.hasConnected) {
            return fail(Errno.EINVAL);
        }
        if (!t.bound) {
            t.localPort = stack.ephemeralPort();
            t.bound = true;
        }
        t.backlog = Math.min(Math.max(backlog, 0), stack.tunables().coreSomaxconn);
        t.state = TcpState.LISTEN;
        FastOpenServer.listen(t, backlog);
        stack.sockets.add(t);
        return ok(0);
    }

    SocketCallResult accept(int fd) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (t.state != TcpState.LISTEN) {
            return fail(Errno.EINVAL);
        }
        Tcb child = t.acceptQueue.pollFirst();
        if (child == null) {
            return t.nonBlocking ? fail(Errno.EAGAIN) : WOULD_BLOCK;
        }
        int nfd = 3;
        while (stack.fdInUse(nfd)) {
            nfd++;
        }
        child.fd = nfd;
        child.listener = null;
        stack.fds.put(nfd, child);
        return ok(nfd);
    }

    SocketCallResult connect(int fd, Endpoint remote, long now) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (t.deferConnect) {
            return fail(Errno.EISCONN);
        }
        if (t.connectInProgress) {
            // SS_CONNECTING (inet_stream_connect): still handshaking, or done, or failed.
            switch (t.state) {
                case SYN_SENT, SYN_RECV -> {
                    return t.nonBlocking ? fail(Errno.EALREADY) : WOULD_BLOCK;
                }
                case CLOSED -> {
                    t.connectInProgress = false;
                    Errno e = takeError(t);
                    return fail(e == null ? Errno.ECONNABORTED : e);
                }
                default -> {
                    t.connectInProgress = false;
                    return ok(0);
                }
            }
        }
        if (t.state != TcpState.CLOSED || t.hasConnected) {
            return fail(Errno.EISCONN);
        }
        if (t.family == AF_INET && !(remote.address() instanceof Inet4Address)) {
            return fail(Errno.EAFNOSUPPORT);
        }
        if (!t.bound) {
            int port = stack.ephemeralPort();
            if (port < 0) {
                return fail(Errno.EADDRNOTAVAIL);
            }
            t.localPort = port;
        }
        if (t.localAddress.isAnyLocalAddress() || t.localAddress.getClass() != remote.address().getClass()) {
            t.localAddress = stack.localAddressFor(remote.address());
        }
        t.remoteAddress = remote.address();
        t.remotePort = remote.port();
        t.hasConnected = true;
        t.connectInProgress = true;
        stack.sockets.add(t);
        if (FastOpen.deferConnect(t)) {
            return ok(0);
        }
        Handshake.connect(t, now);
        return t.nonBlocking ? fail(Errno.EINPROGRESS) : WOULD_BLOCK;
    }

    /** sock_error: report and clear sk_err. */
    static Errno takeError(Tcb t) {
        Errno e = t.pendingError;
        t.pendingError = null;
        return e;
    }

    /**
     * tcp_recvmsg_locked. {@code nullBuffer}: the user pointer is NULL, so the copy of queued data
     * fails with EFAULT (skb_copy_datagram_msg) and the data stays queued; with nothing to copy the
     * call ends as it would otherwise (EAGAIN, 0 at EOF, ENOTCONN), as on 6.18.
     */
    SocketCallResult read(int fd, int maxBytes, boolean nullBuffer, long now) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (t.state == TcpState.LISTEN) {
            return fail(Errno.ENOTCONN);
        }
        if (maxBytes < 0) {
            return fail(Errno.EINVAL);
        }
        if (t.unreadBytes > 0 && maxBytes > 0 && nullBuffer) {
            return fail(Errno.EFAULT);
        }
        if (t.unreadBytes > 0) {
            long n = Math.min(maxBytes, t.unreadBytes);
            Receiver.consume(t, n, now);
            return ok(n);
        }
        if (maxBytes == 0) {
            return ok(0);
        }
        if (t.finReceived) {
            return ok(0);
        }
        Errno e = takeError(t);
        if (e != null) {
            return fail(e);
        }
        if (t.rcvShutdown) {
            return ok(0);
        }
        if (t.state == TcpState.CLOSED) {
            return fail(Errno.ENOTCONN);
        }
        return t.nonBlocking ? fail(Errno.EAGAIN) : WOULD_BLOCK;
    }

    /** A plain write of {@code length} bytes; see {@link #send}. */
    SocketCallResult write(int fd, int length, boolean nullBuffer, long now) {
        return send(fd, SendRequest.of(length, nullBuffer), now);
    }

    /**
     * tcp_sendmsg_locked. A NULL user buffer faults on the first copy from user space, after the
     * connection, error and buffer-space checks (a full buffer still says EAGAIN), so nothing is
     * queued and the call fails with EFAULT (verified on 6.18). A socket that never connected fails
     * with EPIPE, as sk_stream_wait_connect says for any state but SYN_SENT / SYN_RECV (verified on
     * 6.18, with and without MSG_ZEROCOPY: the zerocopy id is given back).
     */
    SocketCallResult send(int fd, SendRequest req, long now) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        long length = req.length();
        if (length < 0 || length > Integer.MAX_VALUE) {
            return fail(Errno.EINVAL);
        }
        if (t.deferConnect || t.fastOpen.blockedSendLength >= 0) {
            return FastOpen.send(stack, t, java.util.Optional.empty(), (int) length, req.nullBuffer(), false,
                    req.zerocopy(), now);
        }
        // tcp_sendmsg_locked: wait for the connection, then errors, then buffer space.
        if ((t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) && !t.fastOpen.child) {
            return t.nonBlocking ? fail(Errno.EAGAIN) : WOULD_BLOCK;
        }
        Errno e = takeError(t);
        if (e != null) {
            return fail(e);
        }
        if (t.sndShutdown || t.terminalError != null) {
            return fail(Errno.EPIPE);
        }
        if (t.state != TcpState.ESTABLISHED && t.state != TcpState.CLOSE_WAIT && !t.fastOpen.child) {
            return fail(Errno.EPIPE);
        }
        if (length == 0) {
            return ok(0);
        }
        long space = Windows.sndBuf(t) - t.queuedBytes();
        if (space <= 0) {
            return t.nonBlocking ? fail(Errno.EAGAIN) : WOULD_BLOCK;
        }
        if (req.nullBuffer()) {
            return fail(Errno.EFAULT);
        }
        // A blocking write sleeps until everything is queued; the engine queues it at once (the
        // buffer overcommits), which changes nothing on the wire since cwnd and rwnd gate sending.
        long n = t.nonBlocking ? Math.min(length, space) : length;
        if (NotsentLowat.limits(t, req)) {
            n = NotsentLowat.write(t, req, n, now);
            return n == 0 ? fail(Errno.EAGAIN) : ok(n);
        }
        SendMsg.append(t, req, n, now);
        return ok(n);
    }

    SocketCallResult close(int fd, long now) {
        Tcb t = stack.fds.remove(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        t.fd = -1;
        if (t.fdSeesClose) {
            // The full socket is already closed (tcp_done); the timewait mini-socket lives on by itself.
            t.fdSeesClose = false;
            return ok(0);
        }
        Closer.close(t, now);
        return ok(0);
    }

    SocketCallResult shutdown(int fd, int how, long now) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        if (how < 0 || how > 2) {
            return fail(Errno.EINVAL);
        }
        return Closer.shutdown(t, how, now);
    }

    SocketCallResult getFlags(int fd) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        return ok(O_RDWR | (t.nonBlocking ? O_NONBLOCK : 0));
    }

    SocketCallResult setFlags(int fd, int flags) {
        Tcb t = lookup(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        t.nonBlocking = (flags & O_NONBLOCK) != 0;
        return ok(0);
    }
}
