package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CUBIC's arithmetic (tcp_cubic.c): β, fast convergence, the cube root, growth back towards W_max. */
class CubicTest {
    private static Tcb connection() {
        TcpStack stack = new TcpStack(List.of(Drill.LOCAL), new Tunables(), 1500, 42);
        Tcb t = new Tcb(stack, 1, 4);
        t.mssCache = 1000;
        return t;
    }

    @Test
    void ssthreshIsBetaTimesCwndAndFastConvergenceLowersWmax() {
        Tcb t = connection();
        Cubic cubic = new Cubic();
        t.cwnd = 100;
        assertThat(cubic.ssthresh(t)).isEqualTo(70);
        assertThat(cubic.lastMaxCwnd).isEqualTo(100);
        t.cwnd = 80;
        assertThat(cubic.ssthresh(t)).isEqualTo(56);
        assertThat(cubic.lastMaxCwnd).isEqualTo(80 * 1741 / 2048);
        t.cwnd = 2;
        assertThat(cubic.ssthresh(t)).isEqualTo(2);
    }

    @Test
    void cubeRootIsTheFloor() {
        assertThat(Cubic.cubeRoot(0)).isZero();
        assertThat(Cubic.cubeRoot(26)).isEqualTo(2);
        assertThat(Cubic.cubeRoot(27)).isEqualTo(3);
        assertThat(Cubic.cubeRoot(1L << 60)).isEqualTo(1L << 20);
    }

    @Test
    void congestionAvoidanceGrowsBackTowardsWmaxAndBeyond() {
        Tcb t = connection();
        Cubic cubic = new Cubic();
        t.cwnd = 100;
        t.ssthresh = cubic.ssthresh(t);
        t.cwnd = t.ssthresh;
        t.isCwndLimited = true;
        long now = 1_000_000;
        long previous = t.cwnd;
        for (int rtt = 0; rtt < 60; rtt++) {
            now += 100_000;
            cubic.congAvoid(t, 0, t.cwnd, now);
            assertThat(t.cwnd).isGreaterThanOrEqualTo(previous);
            previous = t.cwnd;
        }
        assertThat(t.cwnd).isGreaterThan(100);
    }
}
