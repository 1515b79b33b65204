package dev.jdrill.engine;

import static dev.jdrill.engine.SocketCallResult.fail;
import static dev.jdrill.engine.SocketCallResult.ok;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;

/** setsockopt / getsockopt with Linux's ranges and quirks (sock_setsockopt, do_tcp_setsockopt). */
final class SocketOptions {
    private SocketOptions() {
    }

    /** SOCK_MIN_RCVBUF / SOCK_MIN_SNDBUF on x86-64. */
    static final long MIN_RCVBUF = 2304;
    static final long MIN_SNDBUF = 4608;

    static SocketCallResult set(TcpStack stack, int fd, SocketOption option, long value, long now) {
        Tcb t = stack.fds.get(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        boolean on = value != 0;
        switch (option) {
            case SO_REUSEADDR -> t.reuseAddr = on;
            case SO_KEEPALIVE -> {
                // tcp_set_keepalive: arm (or stop) the timer on a connected socket.
                if (on && !t.keepaliveEnabled && synchronizedState(t)) {
                    t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, Keepalive.time(t)));
                } else if (!on && t.socketTimer instanceof Timer.Keepalive) {
                    t.socketTimer = null;
                }
                t.keepaliveEnabled = on;
            }
            case SO_RCVBUF -> t.rcvBuf = Math.max(Math.min(value, stack.tunables().coreRmemMax) * 2, MIN_RCVBUF);
            case SO_SNDBUF -> t.sndBuf = Math.max(Math.min(value, stack.tunables().coreWmemMax) * 2, MIN_SNDBUF);
            case SO_ZEROCOPY -> {
                // sock_setsockopt: a TCP socket takes 0 or 1 (sock_valbool_flag SOCK_ZEROCOPY).
                if (value < 0 || value > 1) {
                    return fail(Errno.EINVAL);
                }
                t.zerocopy = on;
            }
            case SO_ERROR, SO_TYPE -> {
                return fail(Errno.ENOPROTOOPT);
            }
            case SO_LINGER -> {
                return fail(Errno.EINVAL);
            }
            case TCP_NODELAY -> Nagle.setNoDelay(t, on, now);
            case TCP_CORK -> Nagle.setCork(t, on, now);
            case TCP_INQ -> {
                // do_tcp_setsockopt: 0 or 1.
                if (value < 0 || value > 1) {
                    return fail(Errno.EINVAL);
                }
                t.inqCmsg = on;
            }
            // do_tcp_setsockopt stores the int as tp->notsent_lowat (u32) and calls sk_write_space.
            case TCP_NOTSENT_LOWAT -> t.notsentLowat = value & 0xffffffffL;
            case SO_MARK -> t.mark = value & 0xffffffffL;
            case SO_TIMESTAMPING -> {
                return t.timestamping.set(t, value);
            }
            case TCP_MAXSEG -> {
                if (value != 0 && (value < 88 || value > 65535)) {
                    return fail(Errno.EINVAL);
                }
                t.userMss = (int) value;
            }
            case TCP_KEEPIDLE -> {
                if (value < 1 || value > 32767) {
                    return fail(Errno.EINVAL);
                }
                t.keepIdleSeconds = (int) value;
                if (t.keepaliveEnabled && synchronizedState(t)) {
                    // tcp_sock_set_keepidle_locked: rearm relative to the last activity.
                    long elapsed = now - Math.max(t.lastRecvMicros, t.lastAckRecvMicros);
                    long left = Math.max(Keepalive.time(t) - elapsed, 0);
                    t.socketTimer = new Timer.Keepalive(Rtt.timerDeadline(now, left));
                }
            }
            case TCP_KEEPINTVL -> {
                if (value < 1 || value > 32767) {
                    return fail(Errno.EINVAL);
                }
                t.keepIntvlSeconds = (int) value;
            }
            case TCP_KEEPCNT -> {
                if (value < 1 || value > 127) {
                    return fail(Errno.EINVAL);
                }
                t.keepCnt = (int) value;
            }
            case TCP_USER_TIMEOUT -> {
                if (value < 0 || value > Integer.MAX_VALUE) {
                    return fail(Errno.EINVAL);
                }
                t.userTimeoutMillis = value;
            }
            case TCP_SYNCNT -> {
                if (value < 1 || value > 127) {
                    return fail(Errno.EINVAL);
                }
                t.synCount = (int) value;
            }
            case TCP_FASTOPEN_CONNECT -> {
                return FastOpen.setConnectOption(t, value);
            }
            case TCP_FASTOPEN -> {
                return FastOpenServer.setQueueLength(t, value);
            }
            case TCP_LINGER2 -> {
                if (value < 0) {
                    t.linger2Seconds = -1;
                } else {
                    t.linger2Seconds = (int) Math.min(value, 120);
                }
            }
        }
        return ok(0);
    }

    /**
     * tcp_set_congestion_control as root (CAP_NET_ADMIN: any algorithm the kernel has): an
     * established connection starts the new algorithm afresh (tcp_reinit_congestion_control); a
     * listener's choice passes to its children.
     */
    static java.util.Optional<SocketCallResult> setCongestionControl(TcpStack stack, int fd, String name, long now) {
        Tcb t = stack.fds.get(fd);
        if (t == null) {
            return java.util.Optional.of(fail(Errno.EBADF));
        }
        java.util.Optional<CongestionControl> cc = CongestionControl.named(name);
        if (cc.isEmpty()) {
            return name.trim().equals("bbr") ? java.util.Optional.empty() : java.util.Optional.of(fail(Errno.ENOENT));
        }
        if (!cc.get().name().equals(t.cc.name())) {
            t.cc = cc.get();
            if (t.state != dev.jdrill.wire.TcpState.CLOSED && t.state != dev.jdrill.wire.TcpState.LISTEN
                    && t.state != dev.jdrill.wire.TcpState.SYN_SENT) {
                t.cc.init(t, now);
            }
        }
        t.ccSetByUser = true;
        return java.util.Optional.of(ok(0));
    }

    static SocketCallResult setLinger(TcpStack stack, int fd, boolean onoff, int seconds) {
        Tcb t = stack.fds.get(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        t.lingerOn = onoff;
        t.lingerSeconds = Math.max(0, seconds);
        return ok(0);
    }

    static SocketCallResult get(TcpStack stack, int fd, SocketOption option) {
        Tcb t = stack.fds.get(fd);
        if (t == null) {
            return fail(Errno.EBADF);
        }
        Tunables k = stack.tunables();
        long v = switch (option) {
            case SO_REUSEADDR -> t.reuseAddr ? 1 : 0;
            case SO_KEEPALIVE -> t.keepaliveEnabled ? 1 : 0;
            case SO_ERROR -> {
                Errno e = SocketApi.takeError(t);
                yield e == null ? 0 : e.number();
            }
            case SO_RCVBUF -> Windows.rcvBuf(t);
            case SO_SNDBUF -> Windows.sndBuf(t);
            case SO_TYPE -> 1;
            case SO_ZEROCOPY -> t.zerocopy ? 1 : 0;
            case SO_LINGER -> t.lingerOn ? t.lingerSeconds : -1;
            case TCP_NODELAY -> t.noDelay ? 1 : 0;
            case TCP_CORK -> t.cork ? 1 : 0;
            case TCP_INQ -> t.inqCmsg ? 1 : 0;
            case TCP_NOTSENT_LOWAT -> t.notsentLowat;
            case SO_MARK -> t.mark;
            case SO_TIMESTAMPING -> t.timestamping.flags();
            case TCP_MAXSEG -> t.userMss > 0 && (t.state == TcpState.CLOSED || t.state == TcpState.LISTEN)
                    ? t.userMss : (t.mssCache > 0 ? t.mssCache : Handshake.TCP_MSS_DEFAULT);
            case TCP_KEEPIDLE -> Keepalive.time(t) / 1_000_000;
            case TCP_KEEPINTVL -> Keepalive.interval(t) / 1_000_000;
            case TCP_KEEPCNT -> Keepalive.probes(t);
            case TCP_USER_TIMEOUT -> t.userTimeoutMillis;
            case TCP_FASTOPEN_CONNECT -> t.fastopenConnect ? 1 : 0;
            case TCP_FASTOPEN -> t.fastOpen.maxQlen;
            case TCP_SYNCNT -> t.synCount > 0 ? t.synCount : k.tcpSynRetries;
            case TCP_LINGER2 -> t.linger2Seconds < 0 ? -1 : (t.linger2Seconds > 0 ? t.linger2Seconds : k.tcpFinTimeoutSeconds);
        };
        return ok(v);
    }

    private static boolean synchronizedState(Tcb t) {
        return switch (t.state) {
            case ESTABLISHED, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, CLOSING, LAST_ACK, SYN_RECV -> true;
            case CLOSED, LISTEN, SYN_SENT, TIME_WAIT -> false;
        };
    }
}
