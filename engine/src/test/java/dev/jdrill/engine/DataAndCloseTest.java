package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import org.junit.jupiter.api.Test;

class DataAndCloseTest {
    private static final String PEER_SYN = "<mss 1000,sackOK,nop,nop,nop,wscale 7>";
    private static final String PEER_SYNACK = "<mss 1000,nop,wscale 6,nop,nop,sackOK>";
    private final Endpoint localEp = new Endpoint(Drill.LOCAL, 8080);

    private TcpState state(Drill d) {
        return d.stack.connectionState(new Endpoint(Drill.LOCAL, d.localPort), new Endpoint(Drill.REMOTE, d.remotePort));
    }

    @Test
    void localCloseThenRemoteFin() {
        // corpus: close/close-local-close-then-remote-fin.pkt
        Drill d = new Drill();
        int fd = d.connectedSocket(PEER_SYNACK);
        assertThat(d.stack.write(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(1000));
        d.out("P. 1:1001(1000) ack 1");
        d.in(". 1:1(0) ack 1001 win 257");
        Drill.done(d.stack.close(fd, d.now));
        d.out("F. 1001:1001(0) ack 1");
        assertThat(state(d)).isEqualTo(TcpState.FIN_WAIT1);
        d.in(". 1:1(0) ack 1002 win 257");
        assertThat(state(d)).isEqualTo(TcpState.FIN_WAIT2);
        d.in("F. 1:1(0) ack 1002 win 257");
        d.out(". 1002:1002(0) ack 2");
        assertThat(state(d)).isEqualTo(TcpState.TIME_WAIT);
        // A retransmitted FIN in TIME_WAIT is ACKed again (after the invalid-ACK rate limit).
        d.plus(1).in("F. 1:1(0) ack 1002 win 257");
        d.out(". 1002:1002(0) ack 2");
        d.quietUntil(d.now / 1e6 + 59);
        assertThat(state(d)).isEqualTo(TcpState.TIME_WAIT);
        d.quietUntil(d.now / 1e6 + 2);
        assertThat(state(d)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void remoteFinThenCloseAndRstForTheDeadConnection() {
        // corpus: close/close-remote-fin-then-close.pkt
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        d.plus(0.01).in("F. 1:1(0) ack 1 win 257");
        // tcp_fin enters pingpong mode: the ACK waits for the delayed-ACK timer, here (ato 0) the next jiffy.
        d.outAt(0.014, 0.004, ". 1:1(0) ack 2");
        assertThat(d.stack.read(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(0));
        d.plus(0.01);
        Drill.done(d.stack.close(fd, d.now));
        d.out("F. 1:1(0) ack 2");
        assertThat(state(d)).isEqualTo(TcpState.LAST_ACK);
        d.plus(0.01).in(". 2:2(0) ack 2 win 257");
        assertThat(state(d)).isEqualTo(TcpState.CLOSED);
        d.plus(0.01).in(". 2:2(0) ack 2 win 257");
        d.out("R 2:2(0)");
    }

    @Test
    void aFinAfterDataIsAckedByTheDelayedAckTimer() {
        // verified on 6.18: data, our reply, then the peer's FIN → ACK ~40 ms later (ato = TCP_ATO_MIN)
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        d.plus(0.1).in("P. 1:101(100) ack 1 win 257");
        d.out(". 1:1(0) ack 101");
        assertThat(d.stack.read(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(100));
        Drill.done(d.stack.write(fd, 10, d.now));
        d.out("P. 1:11(10) ack 101");
        d.plus(0.1).in("F. 101:101(0) ack 11 win 257");
        d.outAt(d.now / 1e6 + 0.044, 0.008, ". 11:11(0) ack 102");
        assertThat(state(d)).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void finAckInFinWait1GoesStraightToTimeWaitAndSimultaneousCloseGoesThroughClosing() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.close(fd, d.now));
        d.out("F. 1:1(0) ack 1");
        d.in("F. 1:1(0) ack 2 win 257");
        d.out(". 2:2(0) ack 2");
        assertThat(d.stack.connectionState(localEp, new Endpoint(Drill.REMOTE, d.remotePort))).isEqualTo(TcpState.TIME_WAIT);

        Drill e = new Drill();
        int fd2 = e.acceptedConnection(PEER_SYN);
        Drill.done(e.stack.close(fd2, e.now));
        e.out("F. 1:1(0) ack 1");
        e.in("F. 1:1(0) ack 1 win 257");
        e.out(". 2:2(0) ack 2");
        assertThat(e.stack.connectionState(localEp, new Endpoint(Drill.REMOTE, e.remotePort))).isEqualTo(TcpState.CLOSING);
        e.in(". 2:2(0) ack 2 win 257");
        assertThat(e.stack.connectionState(localEp, new Endpoint(Drill.REMOTE, e.remotePort))).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void segmentationPshAndDelayedAcks() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.write(fd, 2500, d.now));
        // TSO: the three MSS-sized skbs leave as one GSO packet (what a TUN device with offloads sees).
        d.out("P. 1:2501(2500) ack 1");
        d.plus(0.01).in(". 1:1(0) ack 2501 win 257");
        // Quick-ack mode at the start of a connection: each data segment is ACKed at once.
        d.plus(0.1).in("P. 1:101(100) ack 2501 win 257");
        d.out(". 2501:2501(0) ack 101");
        assertThat(d.stack.read(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(100));
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_bytes_acked()).isEqualTo(2500);
        assertThat(info.tcpi_data_segs_out()).isEqualTo(3);
        assertThat(info.tcpi_rto()).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void tailLossProbeRetransmitsTheLastSegmentAfterTwoRtts() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.write(fd, 2000, d.now));
        d.out("P. 1:2001(2000) ack 1");
        // The probe is the last MSS of the GSO packet (tcp_send_loss_probe fragments it). srtt ≈ 0 (the handshake RTT): PTO = 2·srtt + 2 jiffies, rounded by the timer wheel.
        d.outAt(0.016, 0.004, "P. 1001:2001(1000) ack 1");
        // The RTO resends the first MSS without PSH: tcp_fragment left PSH on the probed tail
        // (verified on 6.18: write 2000, TLP "P. 1001:2001", then RTO ". 1:1001").
        d.outAt(0.208, 0.008, ". 1:1001(1000) ack 1");
        d.plus(0.001).in(". 1:1(0) ack 2001 win 257");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_total_retrans()).isEqualTo(2);
        d.noMoreOutput();
    }

    @Test
    void closeWithUnreadDataResets() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        d.in("P. 1:11(10) ack 1 win 257");
        d.out(". 1:1(0) ack 11");
        Drill.done(d.stack.close(fd, d.now));
        d.out("R. 1:1(0) ack 11");
        assertThat(state(d)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void lingerZeroResetsAndPeerRstGivesEconnreset() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.setLinger(fd, true, 0, d.now));
        Drill.done(d.stack.close(fd, d.now));
        d.out("R. 1:1(0) ack 1");

        Drill e = new Drill();
        int fd2 = e.acceptedConnection(PEER_SYN);
        e.in("R. 1:1(0) ack 1 win 0");
        assertThat(e.stack.read(fd2, 10, e.now)).isEqualTo(new SocketCallResult.Failed(Errno.ECONNRESET));
        assertThat(e.stack.read(fd2, 10, e.now)).isEqualTo(new SocketCallResult.Done(0));
        assertThat(e.stack.write(fd2, 10, e.now)).isEqualTo(new SocketCallResult.Failed(Errno.EPIPE));
    }

    @Test
    void inWindowRstAndSynGetChallengeAcks() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        d.in("R. 101:101(0) ack 1 win 0");
        d.out(". 1:1(0) ack 1");
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
        d.plus(1).in("S 500:500(0) win 1000");
        d.out(". 1:1(0) ack 1");
        d.plus(1).in("R. 1:1(0) ack 1 win 0").noMoreOutput();
        assertThat(d.stack.socketState(fd)).contains(TcpState.CLOSED);
    }

    @Test
    void shutdownErrnos() {
        Drill d = new Drill();
        int fd = d.socket();
        assertThat(d.stack.shutdown(fd, 1, 0)).isEqualTo(new SocketCallResult.Failed(Errno.ENOTCONN));
        Drill e = new Drill();
        int fd2 = e.acceptedConnection(PEER_SYN);
        Drill.done(e.stack.shutdown(fd2, 1, e.now));
        e.out("F. 1:1(0) ack 1");
        assertThat(e.stack.write(fd2, 1, e.now)).isEqualTo(new SocketCallResult.Failed(Errno.EPIPE));
        assertThat(e.stack.read(fd2, 1, e.now)).isEqualTo(new SocketCallResult.Failed(Errno.EAGAIN).equals(null) ? null : SocketCallResult.WOULD_BLOCK);
    }

    @Test
    void retries2IsATimeBudgetEndingInEtimedoutWithoutRst() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("P. 1:101(100) ack 1");
        double last = 0;
        int retransmissions = 0;
        while (d.stack.socketState(fd).orElseThrow() != TcpState.CLOSED) {
            var next = d.stack.nextDeadline();
            assertThat(next).isPresent();
            d.stack.advanceTo(next.getAsLong());
            for (OutboundPacket p : d.stack.drainOutbound()) {
                assertThat(((dev.jdrill.wire.TcpSegment) p.packet().transport()).flags().rst()).isFalse();
                retransmissions++;
                last = p.sentMicros() / 1e6;
            }
        }
        // tcp_model_timeout(15, 200 ms) = 924.6 s after the first transmission.
        assertThat(d.stack.nowMicros() / 1e6).isBetween(924.6, 940.0);
        assertThat(retransmissions).isBetween(14, 16);
        assertThat(last).isLessThan(924.6);
        assertThat(d.stack.read(fd, 10, d.stack.nowMicros())).isEqualTo(new SocketCallResult.Failed(Errno.ETIMEDOUT));
    }

    @Test
    void keepaliveProbesThenRstAndEtimedout() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.setsockopt(fd, SocketOption.SO_KEEPALIVE, 1, d.now));
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_KEEPIDLE, 10, d.now));
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_KEEPINTVL, 2, d.now));
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_KEEPCNT, 3, d.now));
        d.outAt(10, 0.6, ". 0:0(0) ack 1");
        d.outAt(12, 0.6, ". 0:0(0) ack 1");
        d.in(". 1:1(0) ack 1 win 257");
        d.outAt(22, 0.6, ". 0:0(0) ack 1");
        d.outAt(24, 0.6, ". 0:0(0) ack 1");
        d.outAt(26, 0.6, ". 0:0(0) ack 1");
        d.outAt(28, 0.6, "R. 1:1(0) ack 1");
        assertThat(d.stack.read(fd, 10, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.ETIMEDOUT));
    }

    @Test
    void orphanFinWait2EndsAfterFinTimeout() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.close(fd, d.now));
        d.out("F. 1:1(0) ack 1");
        d.in(". 1:1(0) ack 2 win 257");
        assertThat(state(d)).isEqualTo(TcpState.FIN_WAIT2);
        d.quietUntil(59);
        assertThat(state(d)).isEqualTo(TcpState.FIN_WAIT2);
        // The timer wheel's 2.048 s buckets at this range: the kernel ends it between 60 and 62.1 s.
        d.quietUntil(62.2);
        assertThat(state(d)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void orphanFinRetransmissionsAreBoundedByOrphanRetries() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.close(fd, d.now));
        d.out("F. 1:1(0) ack 1");
        int fins = 0;
        while (state(d) != TcpState.CLOSED) {
            d.stack.advanceTo(d.stack.nextDeadline().orElseThrow());
            fins += d.stack.drainOutbound().size();
        }
        // One tail loss probe (the kernel probes in FIN_WAIT1 too, scripts/teardown/lost-fin.pkt),
        // then RTO retransmissions until the time budget of 8 orphan retries is spent.
        assertThat(fins).isEqualTo(9);
    }

    @Test
    void fdsAreLowestFreeFromThreeAndBindConflicts() {
        Drill d = new Drill();
        int a = d.socket();
        int b = d.socket();
        assertThat(a).isEqualTo(3);
        assertThat(b).isEqualTo(4);
        Drill.done(d.stack.close(a, 0));
        assertThat(d.socket()).isEqualTo(3);
        Drill.done(d.stack.bind(b, new Endpoint(Drill.LOCAL, 9000), 0));
        assertThat(d.stack.bind(b, new Endpoint(Drill.LOCAL, 9001), 0)).isEqualTo(new SocketCallResult.Failed(Errno.EINVAL));
        assertThat(d.stack.bind(3, new Endpoint(Drill.LOCAL, 9000), 0)).isEqualTo(new SocketCallResult.Failed(Errno.EADDRINUSE));
        assertThat(d.stack.accept(b, 0)).isEqualTo(new SocketCallResult.Failed(Errno.EINVAL));
        assertThat(d.stack.getsockopt(b, SocketOption.SO_RCVBUF, 0)).isEqualTo(new SocketCallResult.Done(131072));
        Drill.done(d.stack.setsockopt(b, SocketOption.SO_RCVBUF, 10000, 0));
        assertThat(d.stack.getsockopt(b, SocketOption.SO_RCVBUF, 0)).isEqualTo(new SocketCallResult.Done(20000));
    }

    /**
     * scripts/teardown/fin-ack-in-fin-wait1.pkt (6.18): after shutdown(SHUT_WR) a FIN+ACK takes the
     * connection to TIME_WAIT, kept in a mini-socket; the fd's own socket reports TCP_CLOSE.
     */
    @Test
    void anFdWhoseConnectionIsInTimeWaitSeesClose() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        Drill.done(d.stack.shutdown(fd, 1, d.now));
        d.out("F. 1:1(0) ack 1");
        d.plus(0.1).in("F. 1:1(0) ack 2 win 257");
        d.out(". 2:2(0) ack 2");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_state()).isEqualTo(7);
        assertThat(state(d)).isEqualTo(TcpState.TIME_WAIT);
        d.plus(0.1).in("F. 1:1(0) ack 2 win 257");
        d.out(". 2:2(0) ack 2");
        Drill.done(d.stack.close(fd, d.now));
        d.noMoreOutput();
        assertThat(state(d)).isEqualTo(TcpState.TIME_WAIT);
    }

    /** scripts/failures/peer-process-crash.pkt (6.18): in CLOSE_WAIT a RST at rcv_nxt - 1 resets (tcp_reset_check), then EPIPE. */
    @Test
    void resetAtRcvNxtMinusOneIsAcceptedInCloseWait() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        d.plus(0.1).in("F. 1:1(0) ack 1 win 257");
        d.outAt(d.now / 1e6, 0.012, ". 1:1(0) ack 2");
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("P. 1:101(100) ack 2");
        d.plus(0.1).in("R 1:1(0) win 0");
        assertThat(d.stack.write(fd, 100, d.now)).isEqualTo(new SocketCallResult.Failed(dev.jdrill.wire.Errno.EPIPE));
        assertThat(d.stack.read(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(0));
    }
}
