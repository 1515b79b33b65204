package dev.jdrill.engine;

import dev.jdrill.wire.TcpState;
import java.util.List;

/**
 * tcp_poll: the readiness of a TCP socket as poll and epoll see it, and the wakeups an
 * edge-triggered epoll reacts to.
 */
final class PollMask {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDNORM = 0x040;
    static final int EPOLLWRNORM = 0x100;
    static final int EPOLLRDHUP = 0x2000;

    private PollMask() {
    }

    /** tcp_poll (inet_csk_listen_poll for a listener). */
    static int of(Tcb t) {
        if (t.state == TcpState.LISTEN) {
            return t.acceptQueue.isEmpty() ? 0 : EPOLLIN | EPOLLRDNORM;
        }
        int mask = 0;
        boolean rcvShutdown = t.rcvShutdown || t.finReceived;
        if ((rcvShutdown && t.sndShutdown) || t.fdState() == TcpState.CLOSED) {
            mask |= EPOLLHUP;
        }
        if (rcvShutdown) {
            mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
        }
        if (t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECV) {
            if (t.unreadBytes > 0) {
                mask |= EPOLLIN | EPOLLRDNORM;
            }
            if (t.sndShutdown || writeable(t)) {
                mask |= EPOLLOUT | EPOLLWRNORM;
            }
        } else if (t.state == TcpState.SYN_SENT && t.deferConnect) {
            mask |= EPOLLOUT | EPOLLWRNORM;
        }
        if (t.pendingError != null || !t.errorQueue.isEmpty()) {
            mask |= EPOLLERR;
        }
        return mask;
    }

    /**
     * __sk_stream_is_writeable: a third of the send buffer free (wspace >= wmem_queued / 2), and the
     * unsent bytes below TCP_NOTSENT_LOWAT (unlimited by default). The engine counts queued payload
     * bytes where the kernel counts skb truesize.
     */
    static boolean writeable(Tcb t) {
        long queued = t.queuedBytes();
        long sndBuf = Windows.sndBuf(t);
        return sndBuf - queued >= queued / 2 && queued < sndBuf && notsentBelowLowat(t);
    }

    /**
     * tcp_stream_memory_free with wake 0 (what tcp_poll and tcp_sendmsg ask): write_seq - snd_nxt
     * below tcp_notsent_lowat, the socket's TCP_NOTSENT_LOWAT or else the sysctl. The wakeup side
     * (sk_stream_write_space, wake 1) wants it below half of that; the engine's poll re-evaluates
     * this mask after every event instead, which differs only while notsent sits between the two.
     */
    static boolean notsentBelowLowat(Tcb t) {
        return t.unsentBytes() < notsentLowat(t);
    }

    /** tcp_notsent_lowat: tp->notsent_lowat, or net.ipv4.tcp_notsent_lowat when it is 0. */
    static long notsentLowat(Tcb t) {
        return t.notsentLowat != 0 ? t.notsentLowat : t.stack.tunables().tcpNotsentLowat;
    }

    /**
     * What has woken the socket's wait queue so far, as far as an epoll watching {@code events}
     * hears it (ep_poll_callback drops a wakeup whose key is outside the interest): data or a FIN
     * arriving (sk_data_ready, keyed EPOLLIN), a connection to accept, an error queued
     * (sk_error_report, always heard) and state changes (sk_state_change, unkeyed). Two equal
     * values mean no wakeup in between.
     */
    static List<Long> wakeups(Tcb t, int events) {
        boolean in = (events & (EPOLLIN | EPOLLRDNORM)) != 0;
        return List.of(in ? t.rcvNxt : 0L, in ? (long) t.acceptQueue.size() + t.requests.size() : 0L,
                t.errorQueue.reports(), (long) t.state.ordinal(), t.pendingError == null ? 0L : 1L);
    }
}
