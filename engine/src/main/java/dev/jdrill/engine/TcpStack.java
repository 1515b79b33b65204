package dev.jdrill.engine;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The engine's host: one TCP stack with its local addresses, sockets, timers and outbound queue.
 * It has no clock: every entry point takes the current virtual time in microseconds, which must
 * never go backwards, and first fires the timers that fell due before it (as softirqs would have).
 * Deterministic: the same calls at the same times produce the same packets (ISNs and timestamp
 * offsets come from a seeded generator).
 *
 * <p>Socket calls follow Linux's errno semantics. A call on a blocking socket that would sleep
 * returns {@link SocketCallResult.WouldBlock}; the caller retries it after the next state change.
 */
public final class TcpStack {
    private final List<InetAddress> localAddresses;
    private final Tunables tunables;
    private final int mtu;
    private final SplittableRandom random;
    private final ArrayDeque<OutboundPacket> outbound = new ArrayDeque<>();
    final TreeMap<Integer, Tcb> fds = new TreeMap<>();
    /** epoll instances, by fd: they share the fd numbers with the sockets. */
    final TreeMap<Integer, Epoll> epolls = new TreeMap<>();
    /** Regular files opened for sendfile, by fd. */
    final TreeMap<Integer, RegularFile> files = new TreeMap<>();
    /** Every socket that has a 4-tuple (connections, requests, orphans, TIME_WAIT) or listens. */
    final List<Tcb> sockets = new ArrayList<>();
    /** The client Fast Open cookie cache (tcp_fastopen_cache_set), by destination address, as hex. */
    final java.util.Map<InetAddress, FastOpen.Cached> fastOpenCookies = new java.util.HashMap<>();
    /** Route MTU exceptions learned from ICMP (PathMtu), by destination address. */
    final java.util.Map<InetAddress, Integer> pathMtus = new java.util.HashMap<>();
    private long now;
    private long nextId;
    private boolean deviceDropsAll;
    private final EphemeralPorts ports = new EphemeralPorts();
    private final ChallengeAckLimit challengeAcks = new ChallengeAckLimit();
    final SocketApi api = new SocketApi(this);

    public TcpStack(List<InetAddress> localAddresses, Tunables tunables, int mtu, long seed) {
        if (localAddresses.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one local address");
        }
        this.localAddresses = List.copyOf(localAddresses);
        this.tunables = tunables;
        this.mtu = mtu;
        this.random = new SplittableRandom(seed);
    }

    public TcpStack(List<InetAddress> localAddresses) {
        this(localAddresses, new Tunables(), 1500, 0x6a64_7269_6c6cL);
    }

    public Tunables tunables() {
        return tunables;
    }

    public List<InetAddress> localAddresses() {
        return localAddresses;
    }

    /** The time of the latest entry point call (or fired timer). */
    public long nowMicros() {
        return now;
    }

    // ------------------------------------------------------------------ time and packets

    /** Fires, in deadline order, every timer due at or before {@code nowMicros}. */
    public void advanceTo(long nowMicros) {
        if (nowMicros < now) {
            throw new IllegalArgumentException("time went backwards: " + nowMicros + " < " + now);
        }
        while (true) {
            Tcb due = null;
            Timer dueTimer = null;
            for (Tcb t : List.copyOf(sockets)) {
                for (Timer timer : new Timer[] {t.transmitTimer, t.delayedAckTimer, t.socketTimer}) {
                    if (timer != null && timer.deadlineMicros() <= nowMicros
                            && (dueTimer == null || timer.deadlineMicros() < dueTimer.deadlineMicros())) {
                        due = t;
                        dueTimer = timer;
                    }
                }
            }
            if (dueTimer == null) {
                break;
            }
            now = Math.max(now, dueTimer.deadlineMicros());
            Timers.fire(due, dueTimer, now);
        }
        now = nowMicros;
    }

    /** The earliest pending timer deadline of any socket. */
    public OptionalLong nextDeadline() {
        long best = Long.MAX_VALUE;
        for (Tcb t : sockets) {
            for (Timer timer : new Timer[] {t.transmitTimer, t.delayedAckTimer, t.socketTimer}) {
                if (timer != null) {
                    best = Math.min(best, timer.deadlineMicros());
                }
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Every timer armed now, for inspection and invariant checks. */
    public List<Timer> pendingTimers() {
        List<Timer> all = new ArrayList<>();
        for (Tcb t : sockets) {
            for (Timer timer : new Timer[] {t.transmitTimer, t.delayedAckTimer, t.socketTimer}) {
                if (timer != null) {
                    all.add(timer);
                }
            }
        }
        return all;
    }

    /** Takes the packets sent so far, in the order they were sent. */
    public List<OutboundPacket> drainOutbound() {
        List<OutboundPacket> out = new ArrayList<>(outbound);
        outbound.clear();
        return out;
    }

    void queueOutbound(IpPacket packet) {
        if (deviceDropsAll) {
            return; // the qdisc dropped it (NET_XMIT_DROP)
        }
        outbound.add(new OutboundPacket(packet, now));
    }

    /**
     * The device's queue drops every packet (tc qdisc ... pfifo limit 0): nothing reaches the wire,
     * and new data cannot be sent — tcp_write_xmit stops at the failed transmit and the probe timer
     * retries every TCP_RESOURCE_PROBE_INTERVAL ({@link LocalCongestion}).
     */
    public void setDeviceDropsAll(boolean dropsAll) {
        this.deviceDropsAll = dropsAll;
    }

    boolean deviceDropsAll() {
        return deviceDropsAll;
    }

    /** Delivers a packet from the network at {@code nowMicros}. Packets for other hosts or protocols are ignored. */
    public void receive(IpPacket packet, long nowMicros) {
        advanceTo(nowMicros);
        if (packet.transport() instanceof dev.jdrill.wire.IcmpMessage icmp && localAddresses.contains(packet.destination())) {
            IcmpErrors.receive(this, packet, icmp, now);
            return;
        }
        if (!(packet.transport() instanceof TcpSegment seg) || !localAddresses.contains(packet.destination())) {
            return;
        }
        Tcb exact = null;
        Tcb listener = null;
        for (Tcb t : sockets) {
            if (t.localPort != seg.destinationPort()) {
                continue;
            }
            if (t.hasTuple() && t.remotePort == seg.sourcePort() && t.remoteAddress.equals(packet.source())
                    && t.localAddress.equals(packet.destination())) {
                exact = t;
                break;
            }
            if (t.isListener() && (t.localAddress.isAnyLocalAddress() || t.localAddress.equals(packet.destination()))
                    && familyAccepts(t, packet.destination())) {
                listener = t;
            }
        }
        if (exact != null && exact.state == TcpState.TIME_WAIT) {
            Optional<Long> reopenIsn = Closer.timeWaitReceive(exact, seg, now);
            if (reopenIsn.isPresent() && listener != null) {
                destroy(exact);
                Handshake.listenReceive(listener, packet, seg, reopenIsn, now);
            } else if (reopenIsn.isPresent()) {
                Closer.timeWaitAck(exact, now);
            }
            return;
        }
        if (exact != null) {
            Receiver.receive(exact, packet, seg, now);
        } else if (listener != null) {
            Handshake.listenReceive(listener, packet, seg, Optional.empty(), now);
        } else {
            Output.sendResetFor(this, packet, seg);
        }
    }

    private static boolean familyAccepts(Tcb t, InetAddress dst) {
        return t.family == SocketApi.AF_INET6 || dst instanceof Inet4Address;
    }

    // ------------------------------------------------------------------ inspection

    /** The state of the socket behind {@code fd}; empty if the fd is not open. */
    public Optional<TcpState> socketState(int fd) {
        Tcb t = fds.get(fd);
        return t == null ? Optional.empty() : Optional.of(t.fdState());
    }

    /**
     * The state of the connection between these endpoints, orphans included; CLOSED when there is
     * none. A request socket (an embryonic connection on a listener) is SYN_RECV.
     */
    public TcpState connectionState(Endpoint local, Endpoint remote) {
        for (Tcb t : sockets) {
            if (t.hasTuple() && t.localPort == local.port() && t.remotePort == remote.port()
                    && t.remoteAddress.equals(remote.address())
                    && (local.address().isAnyLocalAddress() || t.localAddress.equals(local.address()))) {
                return t.state;
            }
        }
        return TcpState.CLOSED;
    }

    /** All sockets the stack knows, as {@code ss -tan} lists them. */
    public List<ConnectionView> connections() {
        List<ConnectionView> out = new ArrayList<>();
        for (Tcb t : sockets) {
            Endpoint remote = t.remoteAddress == null ? new Endpoint(anyAddress(t), 0) : t.remote();
            out.add(new ConnectionView(t.local(), remote, t.state, t.fd >= 0 ? OptionalInt.of(t.fd) : OptionalInt.empty()));
        }
        return out;
    }

    /** TCP_INFO for an open fd. */
    public Optional<TcpInfo> tcpInfo(int fd) {
        Tcb t = fds.get(fd);
        return t == null ? Optional.empty() : Optional.of(TcpInfo.of(t, now));
    }

    static InetAddress anyAddress(Tcb t) {
        try {
            return InetAddress.getByName(t.family == SocketApi.AF_INET6 ? "::" : "0.0.0.0");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ socket API

    public SocketCallResult socket(int domain, int type, int protocol, long nowMicros) {
        advanceTo(nowMicros);
        return api.socket(domain, type, protocol);
    }

    public SocketCallResult bind(int fd, Endpoint address, long nowMicros) {
        advanceTo(nowMicros);
        return api.bind(fd, address);
    }

    public SocketCallResult listen(int fd, int backlog, long nowMicros) {
        advanceTo(nowMicros);
        return api.listen(fd, backlog);
    }

    /** Returns the new fd; {@link #peerOf} then gives the peer's address. */
    public SocketCallResult accept(int fd, long nowMicros) {
        advanceTo(nowMicros);
        return api.accept(fd);
    }

    public SocketCallResult connect(int fd, Endpoint remote, long nowMicros) {
        advanceTo(nowMicros);
        return api.connect(fd, remote, now);
    }

    /** read / recv: returns the number of bytes taken (the engine's payloads are opaque zeros). */
    public SocketCallResult read(int fd, int maxBytes, long nowMicros) {
        return read(fd, maxBytes, false, nowMicros);
    }

    /** read into a NULL user buffer when {@code nullBuffer}: EFAULT instead of a copy. */
    public SocketCallResult read(int fd, int maxBytes, boolean nullBuffer, long nowMicros) {
        advanceTo(nowMicros);
        return api.read(fd, maxBytes, nullBuffer, now);
    }

    /** write / send of {@code length} bytes. */
    public SocketCallResult write(int fd, int length, long nowMicros) {
        return write(fd, length, false, nowMicros);
    }

    /** write from a NULL user buffer when {@code nullBuffer}: EFAULT instead of a copy. */
    public SocketCallResult write(int fd, int length, boolean nullBuffer, long nowMicros) {
        advanceTo(nowMicros);
        return api.write(fd, length, nullBuffer, now);
    }

    /** send / sendmsg with flags and iovec elements ({@link SendRequest}): tcp_sendmsg_locked. */
    public SocketCallResult send(int fd, SendRequest request, long nowMicros) {
        advanceTo(nowMicros);
        return api.send(fd, request, now);
    }

    /**
     * recvmsg(MSG_ERRQUEUE): the oldest entry of the socket's error queue goes to {@code sink} and the
     * call returns 0 (the entries carry no payload the scripts read); EAGAIN when the queue is empty,
     * whatever the socket's blocking mode (sock_recv_errqueue never sleeps).
     */
    public SocketCallResult readErrorQueue(int fd, java.util.function.Consumer<ExtendedError> sink, long nowMicros) {
        advanceTo(nowMicros);
        Tcb t = fds.get(fd);
        if (t == null) {
            return SocketCallResult.fail(dev.jdrill.wire.Errno.EBADF);
        }
        Optional<ExtendedError> e = t.errorQueue.poll();
        if (e.isEmpty()) {
            return SocketCallResult.fail(dev.jdrill.wire.Errno.EAGAIN);
        }
        sink.accept(e.get());
        return SocketCallResult.ok(0);
    }

    /**
     * sendto / sendmsg with MSG_FASTOPEN (tcp_sendmsg_fastopen); see {@link FastOpen#send}.
     *
     * @throws UnsupportedOperationException for what the engine does not model (data in the SYN)
     */
    public SocketCallResult sendFastOpen(int fd, Endpoint remote, int length, boolean nullBuffer, boolean dontWait,
            long nowMicros) {
        return sendFastOpen(fd, remote, length, nullBuffer, dontWait, false, nowMicros);
    }

    /** As above, with MSG_ZEROCOPY when {@code zerocopy}. */
    public SocketCallResult sendFastOpen(int fd, Endpoint remote, int length, boolean nullBuffer, boolean dontWait,
            boolean zerocopy, long nowMicros) {
        advanceTo(nowMicros);
        Tcb t = fds.get(fd);
        return t == null ? SocketCallResult.fail(dev.jdrill.wire.Errno.EBADF)
                : FastOpen.send(this, t, Optional.of(remote), length, nullBuffer, dontWait, zerocopy, now);
    }

    /** Whether the fd's socket is AF_INET6 (which reports errors at SOL_IPV6, v4-mapped peers included). */
    public boolean isIpv6Socket(int fd) {
        Tcb t = fds.get(fd);
        return t != null && t.family == SocketApi.AF_INET6;
    }

    /** The TCP_CM_INQ value a recvmsg reports after reading, when TCP_INQ is on (tcp_inq_hint). */
    public OptionalLong inqHint(int fd) {
        Tcb t = fds.get(fd);
        return t == null || !t.inqCmsg ? OptionalLong.empty() : OptionalLong.of(SendPathOptions.inqHint(t));
    }

    /** SIOCINQ / SIOCOUTQ / SIOCOUTQNSD (tcp_ioctl). */
    public SocketCallResult queueSize(int fd, QueueSize which, long nowMicros) {
        advanceTo(nowMicros);
        Tcb t = fds.get(fd);
        return t == null ? SocketCallResult.fail(dev.jdrill.wire.Errno.EBADF) : which.of(t);
    }

    /** ip tcp_metrics flush: forgets the Fast Open cookies (and MSS) cached per destination. */
    public void flushTcpMetrics() {
        fastOpenCookies.clear();
    }

    /** Every socket, with its sequence variables and pending timers, for inspection. */
    public List<SocketSnapshot> snapshots() {
        java.util.LinkedHashSet<Tcb> all = new java.util.LinkedHashSet<>(sockets);
        all.addAll(fds.values());
        List<SocketSnapshot> out = new ArrayList<>();
        for (Tcb t : all) {
            out.add(SocketSnapshot.of(t));
        }
        return out;
    }

    public SocketCallResult close(int fd, long nowMicros) {
        advanceTo(nowMicros);
        if (epolls.remove(fd) != null || files.remove(fd) != null) {
            return SocketCallResult.ok(0);
        }
        for (Epoll e : epolls.values()) {
            e.forget(fd);
        }
        return api.close(fd, now);
    }

    /**
     * poll()'s view of one fd: tcp_poll's mask for a socket (see {@link PollMask}), POLLNVAL (0x20)
     * for a closed fd, or empty for an epoll instance or a file (the engine does not poll those).
     */
    public java.util.OptionalInt pollMask(int fd, long nowMicros) {
        advanceTo(nowMicros);
        Tcb t = fds.get(fd);
        if (t != null) {
            return java.util.OptionalInt.of(PollMask.of(t));
        }
        return fdInUse(fd) ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(0x20);
    }

        /** epoll_create / epoll_create1: a new epoll fd, lowest free. */
    public SocketCallResult epollCreate(long nowMicros) {
        advanceTo(nowMicros);
        int fd = 3;
        while (fdInUse(fd)) {
            fd++;
        }
        epolls.put(fd, new Epoll());
        return SocketCallResult.ok(fd);
    }

    /** epoll_ctl(epfd, op, fd, {events, data}); only sockets can be watched. */
    public SocketCallResult epollCtl(int epfd, int op, int fd, int events, long data, long nowMicros) {
        advanceTo(nowMicros);
        Epoll e = epolls.get(epfd);
        if (e == null) {
            return SocketCallResult.fail(fdInUse(epfd) ? dev.jdrill.wire.Errno.EINVAL : dev.jdrill.wire.Errno.EBADF);
        }
        Tcb t = fds.get(fd);
        if (t == null) {
            return SocketCallResult.fail(epolls.containsKey(fd) ? dev.jdrill.wire.Errno.EINVAL : dev.jdrill.wire.Errno.EBADF);
        }
        dev.jdrill.wire.Errno error = e.control(op, fd, t, events, data);
        return error == null ? SocketCallResult.ok(0) : SocketCallResult.fail(error);
    }

    /**
     * epoll_wait: the ready events go to {@code sink} as (events, data) pairs. With none ready it
     * returns 0 when {@code blocking} is false, else {@link SocketCallResult.WouldBlock}.
     */
    public SocketCallResult epollWait(int epfd, int maxEvents, boolean blocking,
            java.util.function.BiConsumer<Integer, Long> sink, long nowMicros) {
        advanceTo(nowMicros);
        Epoll e = epolls.get(epfd);
        if (e == null) {
            return SocketCallResult.fail(fdInUse(epfd) ? dev.jdrill.wire.Errno.EINVAL : dev.jdrill.wire.Errno.EBADF);
        }
        if (maxEvents <= 0) {
            return SocketCallResult.fail(dev.jdrill.wire.Errno.EINVAL);
        }
        List<Epoll.Ready> ready = e.collect(maxEvents);
        if (ready.isEmpty() && blocking) {
            return SocketCallResult.WOULD_BLOCK;
        }
        for (Epoll.Ready r : ready) {
            sink.accept(r.events(), r.data());
        }
        return SocketCallResult.ok(ready.size());
    }

    /**
     * poll(fds, nfds, timeout): fills {@code revents} for each of {@code fdList}/{@code events} and
     * returns how many are non-zero ({@link Poll}). With none ready it returns 0 when {@code blocking}
     * is false, else {@link SocketCallResult.WouldBlock}. An epoll fd among them is an
     * {@link UnsupportedOperationException}: the engine does not model polling an epoll instance.
     */
    public SocketCallResult poll(int[] fdList, int[] events, int[] revents, boolean blocking, long nowMicros) {
        advanceTo(nowMicros);
        int count = 0;
        for (int i = 0; i < fdList.length; i++) {
            int fd = fdList[i];
            int mask = fd < 0 ? 0 : Poll.mask(this, fd).orElseThrow(
                    () -> new UnsupportedOperationException("poll() of an epoll fd"));
            revents[i] = Poll.revents(mask, fd, events[i]);
            if (revents[i] != 0) {
                count++;
            }
        }
        return count == 0 && blocking ? SocketCallResult.WOULD_BLOCK : SocketCallResult.ok(count);
    }

    /** Whether an fd number is taken (a socket, an epoll instance or a file). */
    boolean fdInUse(int fd) {
        return fds.containsKey(fd) || epolls.containsKey(fd) || files.containsKey(fd);
    }

    /** open() of a regular file of {@code size} bytes for reading: the lowest free fd. */
    public SocketCallResult openFile(long size, long nowMicros) {
        advanceTo(nowMicros);
        int fd = 3;
        while (fdInUse(fd)) {
            fd++;
        }
        files.put(fd, new RegularFile(size));
        return SocketCallResult.ok(fd);
    }

    /**
     * sendfile(outFd, inFd, offset, count) to a socket: the file's bytes from {@code offset} (the file
     * position when empty, which then advances) are sent as one write (do_splice_direct ends with the
     * last chunk, so it carries PSH). Returns the count sent.
     */
    public SocketCallResult sendFile(int outFd, int inFd, OptionalLong offset, long count, long nowMicros) {
        advanceTo(nowMicros);
        RegularFile in = files.get(inFd);
        if (in == null) {
            return SocketCallResult.fail(fdInUse(inFd) ? dev.jdrill.wire.Errno.EINVAL : dev.jdrill.wire.Errno.EBADF);
        }
        if (!fds.containsKey(outFd)) {
            return SocketCallResult.fail(fdInUse(outFd) ? dev.jdrill.wire.Errno.EINVAL : dev.jdrill.wire.Errno.EBADF);
        }
        long from = offset.orElse(in.position);
        long n = in.available(from, count);
        if (n == 0) {
            return SocketCallResult.ok(0);
        }
        SocketCallResult r = api.send(outFd, SendRequest.of(n, false), now);
        if (r instanceof SocketCallResult.Done(long sent) && offset.isEmpty()) {
            in.position += sent;
        }
        return r;
    }

    /** {@code how}: 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR. */
    public SocketCallResult shutdown(int fd, int how, long nowMicros) {
        advanceTo(nowMicros);
        return api.shutdown(fd, how, now);
    }

    /** fcntl F_GETFL. */
    public SocketCallResult getFileStatusFlags(int fd, long nowMicros) {
        advanceTo(nowMicros);
        return api.getFlags(fd);
    }

    /** fcntl F_SETFL: only O_NONBLOCK matters. */
    public SocketCallResult setFileStatusFlags(int fd, int flags, long nowMicros) {
        advanceTo(nowMicros);
        return api.setFlags(fd, flags);
    }

    public SocketCallResult setsockopt(int fd, SocketOption option, long value, long nowMicros) {
        advanceTo(nowMicros);
        return SocketOptions.set(this, fd, option, value, now);
    }

    /**
     * TCP_CONGESTION: the connection's congestion control by name. Empty when the name is one Linux
     * knows but the engine does not model (bbr); ENOENT for a name Linux does not know.
     */
    public java.util.Optional<SocketCallResult> setCongestionControl(int fd, String name, long nowMicros) {
        advanceTo(nowMicros);
        return SocketOptions.setCongestionControl(this, fd, name, now);
    }

    /** SO_LINGER's two fields. */
    public SocketCallResult setLinger(int fd, boolean onoff, int lingerSeconds, long nowMicros) {
        advanceTo(nowMicros);
        return SocketOptions.setLinger(this, fd, onoff, lingerSeconds);
    }

    /** getsockopt of an integer option (SO_ERROR clears the pending error, as in Linux). */
    public SocketCallResult getsockopt(int fd, SocketOption option, long nowMicros) {
        advanceTo(nowMicros);
        return SocketOptions.get(this, fd, option);
    }

    /** The peer of an fd's connection (what accept and getpeername report). */
    public Optional<Endpoint> peerOf(int fd) {
        Tcb t = fds.get(fd);
        return t == null || t.remoteAddress == null ? Optional.empty() : Optional.of(t.remote());
    }

    /** The local endpoint of an fd (getsockname). */
    public Optional<Endpoint> localOf(int fd) {
        Tcb t = fds.get(fd);
        return t == null ? Optional.empty() : Optional.of(t.local());
    }

    // ------------------------------------------------------------------ internals

    Tcb newTcb(int family) {
        return new Tcb(this, nextId++, family);
    }

    long newIsn() {
        return random.nextLong(1L << 32);
    }

    long newTsOffset() {
        return random.nextLong(1L << 32);
    }

    int mtu() {
        return mtu;
    }

    /** An unused port from the ephemeral range (inet_hash_connect's search, in order). */
    int ephemeralPort() {
        return ports.next(this);
    }

    InetAddress localAddressFor(InetAddress remote) {
        for (InetAddress a : localAddresses) {
            if (a.getClass() == remote.getClass()) {
                return a;
            }
        }
        return localAddresses.getFirst();
    }

    /** The host-wide part of RFC 5961's challenge ACK limit (tcp_challenge_ack_limit per second). */
    boolean challengeAckAllowed(long nowMicros) {
        return challengeAcks.allow(nowMicros, tunables.tcpChallengeAckLimit);
    }

    /** Forgets a socket for good (inet_csk_destroy_sock). */
    void destroy(Tcb t) {
        t.state = TcpState.CLOSED;
        t.transmitTimer = null;
        t.delayedAckTimer = null;
        t.socketTimer = null;
        sockets.remove(t);
    }
}
