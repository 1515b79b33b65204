package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;

/**
 * CUBIC with HyStart (tcp_cubic.c), Linux's default: cwnd follows W(t) = C·(t − K)³ + W_max from the
 * last reduction, with β = 717/1024, fast convergence and the Reno-friendly region; in slow start,
 * HyStart leaves early (ssthresh = cwnd) when an ACK train lasts longer than half the minimum delay,
 * or when a round's minimum RTT rises by delay_min/8 (clamped to 4..16 ms). Times in jiffies of the
 * HZ=250 kernel where tcp_cubic.c uses tcp_jiffies32, microseconds where it uses the µs clock.
 */
final class Cubic implements CongestionControl {
    private static final long BETA = 717;
    private static final long BETA_SCALE = 1024;
    private static final long BIC_SCALE = 41;
    /** BICTCP_HZ: the cubic function's time unit is 1/1024 s. */
    private static final int BICTCP_HZ = 10;
    private static final long HZ = 250;
    private static final long CUBE_RTT_SCALE = BIC_SCALE * 10;
    /** 8·(1024 + β) / 3 / (1024 − β): the Reno-friendly estimate's ACK count per packet, scaled by 8. */
    private static final long FRIENDLY_SCALE = 8 * (BETA_SCALE + BETA) / 3 / (BETA_SCALE - BETA);
    private static final long CUBE_FACTOR = (1L << (10 + 3 * BICTCP_HZ)) / (BIC_SCALE * 10);
    private static final long HYSTART_LOW_WINDOW = 16;
    private static final long HYSTART_ACK_DELTA_US = 2000;
    private static final int HYSTART_MIN_SAMPLES = 8;
    private static final long HYSTART_DELAY_MIN_US = 4000;
    private static final long HYSTART_DELAY_MAX_US = 16000;

    // struct bictcp
    long cnt;
    long lastMaxCwnd;
    long lastCwnd;
    long lastTime;
    long bicOriginPoint;
    long bicK;
    long delayMin;
    long epochStart;
    long ackCnt;
    long tcpCwnd;
    int sampleCnt;
    boolean found;
    long roundStart;
    long endSeq;
    long lastAck;
    long currRtt;

    @Override
    public String name() {
        return "cubic";
    }

    private static long jiffies(long now) {
        return now / Rtt.JIFFY_MICROS;
    }

    /** bictcp_reset. */
    private void reset() {
        cnt = lastMaxCwnd = lastCwnd = lastTime = bicOriginPoint = bicK = delayMin = epochStart = ackCnt = tcpCwnd = 0;
        sampleCnt = 0;
        found = false;
    }

    /** bictcp_hystart_reset: a new round starts at snd_nxt. */
    private void hystartReset(Tcb t, long now) {
        roundStart = lastAck = now;
        endSeq = t.sndNxt;
        currRtt = Long.MAX_VALUE;
        sampleCnt = 0;
    }

    @Override
    public void init(Tcb t, long now) {
        reset();
        hystartReset(t, now);
    }

    /** cubictcp_cwnd_event: after idle, shift the epoch so the curve does not jump. */
    @Override
    public void cwndEvent(Tcb t, Event event, long now) {
        if (event == Event.TX_START && epochStart != 0 && t.lastSendMicros >= 0) {
            long nowJ = jiffies(now);
            long delta = nowJ - jiffies(t.lastSendMicros);
            if (delta > 0) {
                epochStart = Math.min(epochStart + delta, nowJ);
            }
        }
    }

    /** cubictcp_recalc_ssthresh: remember W_max (less, with fast convergence), return β·cwnd. */
    @Override
    public long ssthresh(Tcb t) {
        epochStart = 0;
        if (t.cwnd < lastMaxCwnd) {
            lastMaxCwnd = t.cwnd * (BETA_SCALE + BETA) / (2 * BETA_SCALE);
        } else {
            lastMaxCwnd = t.cwnd;
        }
        return Math.max(t.cwnd * BETA / BETA_SCALE, 2);
    }

    /** cubictcp_state: an RTO starts over. */
    @Override
    public void setState(Tcb t, CongestionState next, long now) {
        if (next == CongestionState.LOSS) {
            reset();
            hystartReset(t, now);
        }
    }

    /** cubictcp_cong_avoid. */
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
        update(t.cwnd, acked, jiffies(now));
        CongestionControl.congAvoidAi(t, cnt, acked);
    }

    /** bictcp_update: how many ACKs per one more packet of cwnd (cnt). */
    private void update(long cwnd, long acked, long nowJ) {
        ackCnt += acked;
        if (lastCwnd == cwnd && nowJ - lastTime <= HZ / 32) {
            return;
        }
        if (!(epochStart != 0 && nowJ == lastTime)) {
            lastCwnd = cwnd;
            lastTime = nowJ;
            if (epochStart == 0) {
                epochStart = nowJ;
                ackCnt = acked;
                tcpCwnd = cwnd;
                if (lastMaxCwnd <= cwnd) {
                    bicK = 0;
                    bicOriginPoint = cwnd;
                } else {
                    bicK = cubeRoot(CUBE_FACTOR * (lastMaxCwnd - cwnd));
                    bicOriginPoint = lastMaxCwnd;
                }
            }
            long t = nowJ - epochStart + (delayMin + Rtt.JIFFY_MICROS - 1) / Rtt.JIFFY_MICROS;
            t = (t << BICTCP_HZ) / HZ;
            long offs = t < bicK ? bicK - t : t - bicK;
            long delta = (CUBE_RTT_SCALE * offs * offs * offs) >>> (10 + 3 * BICTCP_HZ);
            long target = t < bicK ? bicOriginPoint - delta : bicOriginPoint + delta;
            cnt = target > cwnd ? cwnd / (target - cwnd) : 100 * cwnd;
            if (lastMaxCwnd == 0 && cnt > 20) {
                cnt = 20;
            }
        }
        // TCP friendliness: never slower than Reno would be.
        long d = (cwnd * FRIENDLY_SCALE) >> 3;
        while (d > 0 && ackCnt > d) {
            ackCnt -= d;
            tcpCwnd++;
        }
        if (tcpCwnd > cwnd) {
            long maxCnt = cwnd / (tcpCwnd - cwnd);
            cnt = Math.min(cnt, maxCnt);
        }
        cnt = Math.max(cnt, 2);
    }

    /** cubic_root: ⌊∛a⌋ (the kernel's table-and-Newton estimate is within a unit of it). */
    static long cubeRoot(long a) {
        long x = (long) Math.cbrt((double) a);
        while (x > 0 && x * x * x > a) {
            x--;
        }
        while ((x + 1) * (x + 1) * (x + 1) <= a) {
            x++;
        }
        return x;
    }

    /** cubictcp_acked: track the minimum delay; run HyStart in slow start. */
    @Override
    public void pktsAcked(Tcb t, long pkts, long rttUs, long now) {
        if (rttUs < 0) {
            return;
        }
        // Discard delay samples right after fast recovery.
        if (epochStart != 0 && jiffies(now) - epochStart < HZ) {
            return;
        }
        long delay = Math.max(rttUs, 1);
        if (delayMin == 0 || delayMin > delay) {
            delayMin = delay;
        }
        if (!found && CongestionControl.inSlowStart(t)) {
            hystartUpdate(t, delay, now);
        }
    }

    /** hystart_update. */
    private void hystartUpdate(Tcb t, long delay, long now) {
        if (SeqNum.gt(t.sndUna, endSeq)) {
            hystartReset(t, now);
        }
        if (t.cwnd < HYSTART_LOW_WINDOW) {
            return;
        }
        if (now - lastAck <= HYSTART_ACK_DELTA_US) {
            lastAck = now;
            // No pacing qdisc (SK_PACING_NONE): the train must exceed half the minimum delay.
            long threshold = (delayMin + ackDelay(t)) >> 1;
            if (now - roundStart > threshold) {
                found = true;
                t.ssthresh = t.cwnd;
            }
        }
        if (currRtt > delay) {
            currRtt = delay;
        }
        if (sampleCnt < HYSTART_MIN_SAMPLES) {
            sampleCnt++;
        } else if (currRtt > delayMin + Math.clamp(delayMin >> 3, HYSTART_DELAY_MIN_US, HYSTART_DELAY_MAX_US)) {
            found = true;
            t.ssthresh = t.cwnd;
        }
    }

    /**
     * hystart_ack_delay: TSO/GRO cushion, 4 GSO packets at the pacing rate, at most 1 ms. The pacing
     * rate is tcp_update_pacing_rate's: 200 % of cwnd·mss/srtt in slow start's first half, 120 % after.
     */
    private static long ackDelay(Tcb t) {
        if (t.srttUs8 == 0) {
            return 0;
        }
        long ratio = t.cwnd < t.ssthresh / 2 ? 200 : 120;
        long rate = t.mssCache * ((1_000_000L / 100) << 3) * ratio * Math.max(t.cwnd, t.inFlightSegments()) / t.srttUs8;
        if (rate <= 0) {
            return 0;
        }
        return Math.min(1000, (long) Tso.GSO_MAX_SIZE * 4 * 1_000_000 / rate);
    }
}
