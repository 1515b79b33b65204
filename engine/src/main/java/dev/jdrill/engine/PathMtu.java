package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import java.net.Inet4Address;

/**
 * Path MTU discovery (RFC 1191 / RFC 8201) as an ICMP "fragmentation needed" or "packet too big"
 * drives it: the route to the peer keeps the lower MTU (a route exception, which later connections
 * to that peer see too), the connection's MSS follows (tcp_sync_mss), segments already sent that no
 * longer fit are marked lost and resent (tcp_simple_retransmit), and SYNs announce
 * the lower MSS from then on (tcp_advertise_mss). tcp_v4_mtu_reduced and tcp_v6_mtu_reduced.
 */
final class PathMtu {
    private PathMtu() {
    }

    /** ip_rt_min_pmtu: IPv4 never goes below 512 + 20 + 20; a lower value is locked at it. */
    static final int IPV4_MIN_PMTU = 552;
    /** ip_rt_min_advmss (IPv4) and ip6_rt_min_advmss (IPv6 minimum MTU less headers). */
    private static final int IPV4_MIN_ADVMSS = 256;
    private static final int IPV6_MIN_ADVMSS = 1280 - 40 - 20;

    /** dst_mtu: the route's MTU towards the connection's peer. */
    static int of(Tcb t) {
        Integer lowered = t.remoteAddress == null ? null : t.stack.pathMtus.get(t.remoteAddress);
        return lowered == null ? t.stack.mtu() : lowered;
    }

    /** Network header length of the connection's address family. */
    static int ipHeader(Tcb t) {
        return t.remoteAddress instanceof Inet4Address ? 20 : 40;
    }

    /** dst_metric_advmss: what the route lets us announce (ipv4_default_advmss / ip6_default_advmss). */
    static int routeAdvMss(Tcb t) {
        int mss = of(t) - ipHeader(t) - 20;
        return Math.max(mss, t.remoteAddress instanceof Inet4Address ? IPV4_MIN_ADVMSS : IPV6_MIN_ADVMSS);
    }

    /** tcp_advertise_mss: the MSS a SYN announces, lowered (for good) when the route's is lower. */
    static int advertisedMss(Tcb t) {
        int metric = routeAdvMss(t);
        if (metric < t.advMss) {
            t.advMss = metric;
        }
        return t.advMss;
    }

    /** tcp_v4_mtu_reduced after __ip_rt_update_pmtu. */
    static void reducedV4(Tcb t, int icmpMtu, long now) {
        if (t.state == TcpState.LISTEN || t.state == TcpState.CLOSED) {
            return;
        }
        int old = of(t);
        int route = old;
        if (icmpMtu < old) {
            route = icmpMtu < IPV4_MIN_PMTU ? Math.min(old, IPV4_MIN_PMTU) : icmpMtu;
            t.stack.pathMtus.put(t.remoteAddress, route);
        }
        if (icmpMtu < route) {
            // "Something is about to be wrong": the path wants less than IPv4 lets us use.
            t.pendingSoftError = Errno.EMSGSIZE;
        }
        if (cookie(t) > route) {
            Handshake.syncMss(t);
            simpleRetransmit(t, now);
        }
    }

    /** tcp_v6_mtu_reduced: an increase of the MSS is refused before the route is touched. */
    static void reducedV6(Tcb t, int icmpMtu, long now) {
        if (t.state == TcpState.LISTEN || t.state == TcpState.CLOSED) {
            return;
        }
        if (mtuToMss(t, icmpMtu) >= t.mssCache) {
            return;
        }
        int route = of(t);
        if (icmpMtu < route) {
            route = icmpMtu;
            t.stack.pathMtus.put(t.remoteAddress, route);
        }
        if (cookie(t) > route) {
            Handshake.syncMss(t);
            simpleRetransmit(t, now);
        }
    }

    /** icsk_pmtu_cookie: the MTU tcp_sync_mss last used (the device's before any). */
    static int cookie(Tcb t) {
        return t.pmtuCookie > 0 ? t.pmtuCookie : t.stack.mtu();
    }

    /** tcp_mtu_to_mss without the half-window bound. */
    private static int mtuToMss(Tcb t, int pmtu) {
        int mss = pmtu - ipHeader(t) - 20;
        mss = Math.min(mss, t.userMss > 0 ? Math.min(t.peerMss, t.userMss) : t.peerMss);
        if (t.tsOk) {
            mss -= Options.TS_ALIGNED;
        }
        return Math.max(mss, 48);
    }

    /**
     * tcp_simple_retransmit: whatever was sent in segments larger than the new MSS is lost; the sender
     * enters Loss without touching cwnd and resends it at once. The resent skb keeps its size: the
     * kernel cuts it to the new MSS only as a GSO packet, which a TUN device with offloads receives
     * whole (verified on 6.18: a 1448-byte segment comes back as one 1448-byte packet after an MTU of
     * 1200).
     */
    static void simpleRetransmit(Tcb t, long now) {
        int mss = Math.max(1, t.mssCache);
        // A Fast Open SYN with data is queued as two skbs (the SYN, then its data), so their sizes say
        // nothing: in SYN_SENT the path MTU error means the SYN was lost, and everything is (commit
        // c31b70c9968f, "tcp: Add logic to check for SYN w/ data in tcp_simple_retransmit").
        boolean synData = t.fastOpen.synData && t.state == TcpState.SYN_SENT;
        for (Tcb.Skb s : t.sendQueue) {
            if (s.sent && (synData || !s.syn && s.len > mss)) {
                Scoreboard.markLost(t, s);
            }
        }
        if (Scoreboard.lostOut(t) == 0) {
            return;
        }
        // Don't muck with cwnd: a smaller MTU is not congestion.
        if (t.caState != CongestionState.LOSS) {
            t.highSeq = t.sndNxt;
            t.ssthresh = LossRecovery.currentSsthresh(t);
            t.priorSsthresh = 0;
            t.undoMarker = -1;
            LossRecovery.setState(t, CongestionState.LOSS, now);
        }
        if (synData) {
            resendSyn(t, now);
            return;
        }
        LossRecovery.xmitRetransmitQueue(t, now);
    }

    /**
     * tcp_xmit_retransmit_queue in SYN_SENT: the SYN goes again, now a plain one (tcp_send_syn_data
     * left the Fast Open option out of retries) announcing the lowered MSS; its data stays queued,
     * outside the peer's window (snd_wnd is 0 before the SYN-ACK, so __tcp_retransmit_skb refuses
     * it), and goes once the SYN-ACK comes (see FastOpen.synDataAcked).
     */
    private static void resendSyn(Tcb t, long now) {
        Tcb.Skb syn = t.sendQueue.peekFirst();
        if (syn == null || !syn.syn || !syn.lostMarked) {
            return;
        }
        Sender.transmitSkb(t, syn, now, true);
        syn.retransInFlight = true;
        t.transmitTimer = new Timer.Retransmit(Rtt.timerDeadline(now, Sender.clampToUserTimeout(t, Rtt.backedOff(t), now)));
    }
}
