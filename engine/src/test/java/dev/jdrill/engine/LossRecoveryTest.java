package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Loss detection and recovery as segment tables, each checked against Linux 6.18 through the corpus
 * script named (fast_retransmit, fast_recovery, sack) or on the linux target.
 */
class LossRecoveryTest {
    private static final String SACK_SYN = "<mss 1000,sackOK,nop,nop,nop,wscale 7>";
    private static final String PLAIN_SYN = "<mss 1000,nop,wscale 7>";

    /** A passive open with a 100 ms handshake RTT (so the loss probe waits ~200 ms). */
    private static int accepted(Drill d, String synOptions) {
        int lfd = d.listener(1);
        d.in("S 0:0(0) win 32792 " + synOptions);
        d.out("S. 0:0(0) ack 1 <...>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        return (int) Drill.done(d.stack.accept(lfd, d.now));
    }

    /** fast_retransmit/fr-4pkt-sack.pkt: the third SACK reaches dupthresh; RACK's window is 0 then. */
    @Test
    void thirdSackTriggersFastRetransmitAndPrrSetsCwnd() {
        Drill d = new Drill();
        int fd = accepted(d, SACK_SYN);
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257 <sack 1001:2001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:3001,nop,nop>");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_ca_state()).isEqualTo(CongestionState.DISORDER.linuxNumber());
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:4001,nop,nop>");
        d.out(". 1:1001(1000) ack 1");
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_ca_state()).isEqualTo(CongestionState.RECOVERY.linuxNumber());
        assertThat(info.tcpi_sacked()).isEqualTo(3);
        assertThat(info.tcpi_lost()).isEqualTo(1);
        assertThat(info.tcpi_retrans()).isEqualTo(1);
        assertThat(info.tcpi_snd_ssthresh()).isEqualTo(7); // CUBIC: 10 · 717/1024
        d.plus(0.1).in(". 1:1(0) ack 4001 win 257");
        info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_ca_state()).isEqualTo(CongestionState.OPEN.linuxNumber());
        assertThat(info.tcpi_snd_cwnd()).isEqualTo(7);
        assertThat(info.tcpi_lost()).isZero();
    }

    /** fast_retransmit/fr-4pkt.pkt: without SACK, three duplicate ACKs mark the head lost (NewReno). */
    @Test
    void threeDuplicateAcksWithoutSackRetransmitTheHead() {
        Drill d = new Drill();
        int fd = accepted(d, PLAIN_SYN);
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        d.in(". 1:1(0) ack 1 win 257");
        d.noMoreOutput();
        d.in(". 1:1(0) ack 1 win 257");
        d.out(". 1:1001(1000) ack 1");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_ca_state()).isEqualTo(CongestionState.RECOVERY.linuxNumber());
    }

    /**
     * fast_retransmit/fr-4pkt-fack-last-mss.pkt: one SACK of the last MSS is not enough for dupthresh;
     * the holes are lost once RACK's reordering window (min_rtt/4) has passed, ~40 ms at 100 ms RTT.
     */
    @Test
    void reorderingTimerMarksHolesLostAfterAQuarterRtt() {
        Drill d = new Drill();
        int fd = accepted(d.at(0), SACK_SYN);
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.at(0.2).in(". 1:1(0) ack 1 win 257 <sack 3001:4001,nop,nop>");
        d.noMoreOutput();
        d.outAt(0.236, 0.008, ". 1:1001(1000) ack 1");
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_ca_state()).isEqualTo(CongestionState.RECOVERY.linuxNumber());
        assertThat(info.tcpi_lost()).isEqualTo(3);
    }

    /** A D-SACK for the only retransmission proves it spurious: the reduction is undone. */
    @Test
    void dsackOfTheRetransmissionUndoesTheReduction() {
        Drill d = new Drill();
        int fd = accepted(d, SACK_SYN);
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257 <sack 1001:2001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:3001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:4001,nop,nop>");
        d.out(". 1:1001(1000) ack 1");
        d.plus(0.01).in(". 1:1(0) ack 4001 win 257 <sack 1:1001,nop,nop>");
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_ca_state()).isEqualTo(CongestionState.OPEN.linuxNumber());
        assertThat(info.tcpi_snd_ssthresh()).isEqualTo(0x7fffffffL);
        assertThat(info.tcpi_snd_cwnd()).isGreaterThanOrEqualTo(10);
    }

    /** sack/sack-shift-sacked-2-6-8-3-9-nofack.pkt: a SACK below the highest one measures reordering. */
    @Test
    void sackBelowTheHighestSackRaisesReordering() {
        Drill d = new Drill();
        int fd = accepted(d, SACK_SYN);
        Drill.done(d.stack.write(fd, 10000, d.now));
        d.out("P. 1:10001(10000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257 <sack 2001:3001,nop,nop>");
        d.plus(0.001).in(". 1:1(0) ack 1 win 257 <sack 2001:3001 6001:7001,nop,nop>");
        d.plus(0.001).in(". 1:1(0) ack 1 win 257 <sack 2001:3001 6001:7001 8001:9001,nop,nop>");
        d.out(". 1:1001(1000) ack 1");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_lost()).isEqualTo(6);
        d.plus(0.007).in(". 1:1(0) ack 1 win 257 <sack 2001:4001 6001:7001 8001:9001,nop,nop>");
        d.out(". 1001:2001(1000) ack 1");
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_lost()).isEqualTo(5);
        assertThat(info.tcpi_reordering()).isEqualTo(6);
    }

    /** tcp_congestion_control=reno halves cwnd on a loss where CUBIC keeps 717/1024 of it. */
    @Test
    void renoHalvesWhereCubicKeepsSeventyPercent() {
        Tunables reno = new Tunables();
        reno.set("net.ipv4.tcp_congestion_control", "reno");
        Drill d = new Drill(reno);
        int fd = accepted(d, SACK_SYN);
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257 <sack 1001:2001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:3001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:4001,nop,nop>");
        d.out(". 1:1001(1000) ack 1");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_snd_ssthresh()).isEqualTo(5);
    }

    /**
     * TCP_CONGESTION "reno" on the listener passes to the child; an unknown name is ENOENT and bbr
     * is not modelled (verified on 6.18: the child halves cwnd on the loss, and ends recovery at 5).
     */
    @Test
    void tcpCongestionOnTheListenerPassesToTheChild() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        assertThat(d.stack.setCongestionControl(lfd, "reno", d.now)).contains(new SocketCallResult.Done(0));
        assertThat(d.stack.setCongestionControl(lfd, "nosuchcc", d.now))
                .contains(new SocketCallResult.Failed(dev.jdrill.wire.Errno.ENOENT));
        assertThat(d.stack.setCongestionControl(lfd, "bbr", d.now)).isEmpty();
        d.in("S 0:0(0) win 32792 " + SACK_SYN);
        d.out("S. 0:0(0) ack 1 <...>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        Drill.done(d.stack.write(fd, 4000, d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257 <sack 1001:2001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:3001,nop,nop>");
        d.in(". 1:1(0) ack 1 win 257 <sack 1001:4001,nop,nop>");
        d.out(". 1:1001(1000) ack 1");
        d.plus(0.1).in(". 1:1(0) ack 4001 win 257");
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_snd_ssthresh()).isEqualTo(5);
        assertThat(info.tcpi_snd_cwnd()).isEqualTo(5);
    }
}
