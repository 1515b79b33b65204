package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Congestion window validation and restart after idle, each verified on 6.18 with
 * tcp_congestion_control=reno (a namespace on this host may not select cubic: EPERM).
 */
class CwndValidationTest {
    private static final String SYN = "<mss 1000,sackOK,nop,nop,nop,wscale 7>";

    private static Drill reno(int slowStartAfterIdle) {
        Tunables k = new Tunables();
        k.set("tcp_congestion_control", "reno");
        k.set("tcp_slow_start_after_idle", String.valueOf(slowStartAfterIdle));
        return new Drill(k);
    }

    private static int accepted(Drill d) {
        int lfd = d.listener(1);
        d.in("S 0:0(0) win 65535 " + SYN);
        d.out("S. 0:0(0) ack 1 <...>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 511");
        return (int) Drill.done(d.stack.accept(lfd, d.now));
    }

    /** Three packets out of a cwnd of 10: slow start does not grow a window it does not use. */
    @Test
    void applicationLimitedSlowStartKeepsCwnd() {
        Drill d = reno(0);
        int fd = accepted(d);
        Drill.done(d.stack.write(fd, 3000, d.now));
        d.out("P. 1:3001(3000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1001 win 511");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_snd_cwnd()).isEqualTo(10);
    }

    /** A full window acked grows cwnd to 20; two idle seconds later a write starts again from 10. */
    @Test
    void idleLongerThanAnRtoRestartsFromTheInitialWindow() {
        Drill d = reno(1);
        int fd = accepted(d);
        Drill.done(d.stack.write(fd, 10000, d.now));
        d.out("P. 1:10001(10000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 10001 win 511");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_snd_cwnd()).isEqualTo(20);
        d.plus(2);
        Drill.done(d.stack.write(fd, 30000, d.now));
        d.out("P. 10001:20001(10000) ack 1");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_snd_cwnd()).isEqualTo(10);
    }

    /** tcp_slow_start_after_idle=0 (the corpus's baseline) keeps the window across idle time. */
    @Test
    void withoutSlowStartAfterIdleTheWindowSurvivesIdleTime() {
        Drill d = reno(0);
        int fd = accepted(d);
        Drill.done(d.stack.write(fd, 10000, d.now));
        d.out("P. 1:10001(10000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 10001 win 511");
        d.plus(2);
        Drill.done(d.stack.write(fd, 30000, d.now));
        d.out("P. 10001:30001(20000) ack 1");
    }
}
