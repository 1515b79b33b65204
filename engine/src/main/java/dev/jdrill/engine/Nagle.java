package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * Whether tcp_write_xmit may send an skb now, as far as Nagle and corking go (tcp_nagle_test,
 * tcp_nagle_check, tcp_minshall_check). The decision takes a {@code nonagle} word as the kernel's
 * does: the socket's own (tp->nonagle: TCP_NODELAY sets {@link #OFF}, TCP_CORK sets {@link #CORK},
 * and either of them leaves {@link #PUSH} set until the next skb is queued) or the one a push asks
 * for (MSG_MORE pushes with {@link #CORK}; a probe and the skbs before the last one with {@link #PUSH}).
 */
final class Nagle {
    /** TCP_NAGLE_OFF: TCP_NODELAY. */
    static final int OFF = 1;
    /** TCP_NAGLE_CORK: TCP_CORK, or MSG_MORE for one push. */
    static final int CORK = 2;
    /** TCP_NAGLE_PUSH: send even a partial segment. */
    static final int PUSH = 4;

    private Nagle() {
    }

    /** tp->nonagle. */
    static int socketNonagle(Tcb t) {
        return (t.noDelay ? OFF : 0) | (t.cork ? CORK : 0) | (t.naglePush ? PUSH : 0);
    }

    /**
     * tcp_nagle_test, negated: whether {@code s} must wait. Only the last skb of the queue is tested
     * with {@code nonagle}; the ones before it go with TCP_NAGLE_PUSH (tcp_write_xmit).
     */
    static boolean holds(Tcb t, Tcb.Skb s, boolean last, int nonagle) {
        if (!last || (nonagle & PUSH) != 0 || s.fin) {
            return false;
        }
        boolean partial = s.len < t.mssCache;
        return partial && ((nonagle & CORK) != 0
                || (nonagle == 0 && t.inFlightSegments() > 0 && minshallHolds(t)));
    }

    /** tcp_minshall_check: a small segment sent earlier is still unacknowledged. */
    private static boolean minshallHolds(Tcb t) {
        return t.smallSegmentEnd >= 0 && SeqNum.gt(t.smallSegmentEnd, t.sndUna)
                && !SeqNum.gt(t.smallSegmentEnd, t.sndNxt);
    }

    /** TCP_NODELAY (__tcp_sock_set_nodelay): on, it pushes what was held. */
    static void setNoDelay(Tcb t, boolean on, long now) {
        t.noDelay = on;
        if (on) {
            t.naglePush = true;
            Sender.push(t, now);
        }
    }

    /** TCP_CORK (__tcp_sock_set_cork): off, it pushes what was held (and forces it out under TCP_NODELAY). */
    static void setCork(Tcb t, boolean on, long now) {
        t.cork = on;
        if (!on) {
            if (t.noDelay) {
                t.naglePush = true;
            }
            Sender.push(t, now);
        }
    }
}
