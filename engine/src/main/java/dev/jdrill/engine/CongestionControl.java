package dev.jdrill.engine;

import java.util.Optional;

/**
 * A congestion control algorithm, shaped as Linux's struct tcp_congestion_ops: the loss-recovery
 * machinery ({@link LossRecovery}, {@link Prr}) asks it for ssthresh on a reduction and for the cwnd an
 * undo restores; the ACK path hands it acked packets (cong_avoid), RTT samples (pkts_acked), state
 * changes (set_state) and events (cwnd_event). One instance per connection holds the algorithm's
 * private state (Linux's inet_csk_ca area). The shared helpers are tcp_cong.c's.
 */
interface CongestionControl {
    /** The name TCP_CONGESTION and tcp_congestion_control use. */
    String name();

    /** init: the connection is established (tcp_init_congestion_control). */
    void init(Tcb t, long now);

    /** ssthresh: the slow-start threshold after a loss or an ECN echo (called before cwnd changes). */
    long ssthresh(Tcb t);

    /** cong_avoid: grow cwnd for {@code acked} newly delivered packets, outside any reduction. */
    void congAvoid(Tcb t, long ack, long acked, long now);

    /** undo_cwnd: the cwnd to restore when a reduction proves spurious. */
    default long undoCwnd(Tcb t) {
        return Math.max(t.cwnd, t.priorCwnd);
    }

    /** pkts_acked: {@code rttUs} is the ACK's RTT sample, or −1 when it has none. */
    default void pktsAcked(Tcb t, long pkts, long rttUs, long now) {
    }

    /** set_state: called before icsk_ca_state changes. */
    default void setState(Tcb t, CongestionState next, long now) {
    }

    /** cwnd_event. */
    default void cwndEvent(Tcb t, Event event, long now) {
    }

    /** enum tcp_ca_event (the ones the engine raises). */
    enum Event { TX_START, CWND_RESTART, COMPLETE_CWR, LOSS }

    /** The algorithms the engine models, by name (reno and cubic; bbr is not modelled). */
    static Optional<CongestionControl> named(String name) {
        return switch (name.trim()) {
            case "cubic" -> Optional.of(new Cubic());
            case "reno" -> Optional.of(new Reno());
            default -> Optional.empty();
        };
    }

    /** tcp_in_slow_start. */
    static boolean inSlowStart(Tcb t) {
        return t.cwnd < t.ssthresh;
    }

    /**
     * tcp_is_cwnd_limited: growth only while the window is used — in slow start, while cwnd is below
     * twice the most packets out in the last window.
     */
    static boolean isCwndLimited(Tcb t) {
        if (t.isCwndLimited) {
            return true;
        }
        if (inSlowStart(t)) {
            return t.cwnd < 2 * t.maxPacketsOut;
        }
        return false;
    }

    /** tcp_slow_start: grow by what was acked up to ssthresh; returns the acked packets left over. */
    static long slowStart(Tcb t, long acked) {
        long cwnd = Math.min(t.cwnd + acked, t.ssthresh);
        acked -= cwnd - t.cwnd;
        t.cwnd = Math.min(cwnd, t.cwndClamp);
        return acked;
    }

    /** tcp_cong_avoid_ai: one more packet of cwnd per {@code w} packets acked. */
    static void congAvoidAi(Tcb t, long w, long acked) {
        if (t.cwndCount >= w) {
            t.cwndCount = 0;
            t.cwnd++;
        }
        t.cwndCount += acked;
        if (t.cwndCount >= w) {
            long delta = t.cwndCount / w;
            t.cwndCount -= delta * w;
            t.cwnd += delta;
        }
        t.cwnd = Math.min(t.cwnd, t.cwndClamp);
    }
}
