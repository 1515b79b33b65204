package dev.jdrill.engine;

/** TCP Reno / NewReno (tcp_cong.c's tcp_reno_*): halve on loss, one packet per RTT in avoidance. */
final class Reno implements CongestionControl {
    @Override
    public String name() {
        return "reno";
    }

    @Override
    public void init(Tcb t, long now) {
    }

    /** tcp_reno_ssthresh. */
    @Override
    public long ssthresh(Tcb t) {
        return Math.max(t.cwnd >> 1, 2);
    }

    /** tcp_reno_cong_avoid. */
    @Override
    public void congAvoid(Tcb t, long ack, long acked, long now) {
        if (!CongestionControl.isCwndLimited(t)) {
            return;
        }
        if (CongestionControl.inSlowStart(t)) {
            acked = CongestionControl.slowStart(t, acked);
            if (acked == 0) {
                return;
            }
        }
        CongestionControl.congAvoidAi(t, t.cwnd, acked);
    }
}
