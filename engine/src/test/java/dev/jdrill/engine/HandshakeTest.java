package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void passiveOpenAnswersWithLinuxSynAckOptions() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0).in("S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>");
        // No TS offered: sackOK gets its own nop,nop; window = 64 KiB rounded to 1460 (no TS to subtract).
        d.out("S. 0:0(0) ack 1 win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 10>");
        assertThat(d.stack.connectionState(new Endpoint(Drill.LOCAL, 8080), new Endpoint(Drill.REMOTE, d.remotePort)))
                .isEqualTo(TcpState.SYN_RECV);
        assertThat(d.stack.accept(lfd, d.now)).isEqualTo(SocketCallResult.WOULD_BLOCK);
        d.in(". 1:1(0) ack 1 win 257");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        assertThat(fd).isEqualTo(4);
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_snd_mss()).isEqualTo(1000);
    }

    /** scripts/handshake/passive-open.pkt, verified on 6.18. */
    @Test
    void passiveOpenWithTimestampsMatchesTheKernelScript() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0).in("S 0:0(0) win 65535 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 win 65160 <mss 1460,sackOK,TS,nop,wscale 10>");
        d.at(0.1).in(". 1:1(0) ack 1 win 257 <nop,nop,TS val 110 ecr 200>");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        d.at(0.2).in("P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 120 ecr 200>");
        d.out(". 1:1(0) ack 1001 win 63 <nop,nop,TS>");
        assertThat(d.stack.read(fd, 2000, d.now)).isEqualTo(new SocketCallResult.Done(1000));
    }

    /**
     * tcp_check_req (6.18): the ACK that completes a passive open sets the child's ts_recent, so the
     * first data ACK echoes that ACK's TS val (110), not the SYN's (100).
     */
    @Test
    void theAckCompletingAPassiveOpenSetsTsRecent() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0).in("S 0:0(0) win 65535 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 win 65160 <mss 1460,sackOK,TS,nop,wscale 10>");
        d.at(0.1).in(". 1:1(0) ack 1 win 257 <nop,nop,TS val 110 ecr 200>");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        d.stack.write(fd, 10, d.now);
        var data = d.out("P. 1:11(10) ack 1 <nop,nop,TS>");
        assertThat(((dev.jdrill.wire.TcpSegment) data.packet().transport()).option(dev.jdrill.wire.TcpOption.Timestamp.class)
                .orElseThrow().ecr()).isEqualTo(110);
    }

    /**
     * scripts/handshake/syn-ack-no-options.pkt (6.18): no options at all → SYN-ACK <mss 1460> win 64240,
     * and after 100 unread bytes the ACK keeps the right edge: 64140 (tcp_init_buffer_space clamps
     * the window to 65536 - 1460, so __tcp_select_window's own figure falls below it).
     */
    @Test
    void noOptionsPeerSeesTheUnscaledWindowShrinkByUnreadBytes() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0).in("S 0:0(0) win 8192");
        d.out("S. 0:0(0) ack 1 win 64240 <mss 1460>");
        d.at(0.1).in(". 1:1(0) ack 1 win 8192");
        Drill.done(d.stack.accept(lfd, d.now));
        d.at(0.2).in("P. 1:101(100) ack 1 win 8192");
        d.out(". 1:1(0) ack 101 win 64140");
        d.at(0.3).in("P. 101:201(100) ack 1 win 8192");
        d.out(". 1:1(0) ack 201 win 64040");
    }

    @Test
    void corpusDefaultsGiveWscale8AndTimestampsShareTheSackWord() {
        Tunables k = new Tunables();
        k.set("net.ipv4.tcp_rmem", "4096 540000 15728640");
        Drill d = new Drill(k);
        d.listener(1);
        d.at(0).in("S 0:0(0) win 32792 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <mss 1460,sackOK,TS,nop,wscale 8>");
    }

    @Test
    void activeOpenSendsLinuxSynAndAcksTheSynAck() {
        Drill d = new Drill();
        int fd = d.socket();
        assertThat(fd).isEqualTo(3);
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0)).isEqualTo(SocketCallResult.WOULD_BLOCK);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) win 64240 <mss 1460,sackOK,TS,nop,wscale 10>");
        d.at(0.1).in("S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 700 ecr 1,nop,wscale 7>");
        d.out(". 1:1(0) ack 1 win 63 <nop,nop,TS>");
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now)).isEqualTo(new SocketCallResult.Done(0));
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.EISCONN));
        TcpInfo info = d.stack.tcpInfo(fd).orElseThrow();
        assertThat(info.tcpi_snd_mss()).isEqualTo(1448);
        assertThat(info.tcpi_rtt()).isEqualTo(100_000);
        assertThat(info.tcpi_snd_cwnd()).isEqualTo(10);
        assertThat(info.tcpi_snd_wscale()).isEqualTo(7);
        assertThat(info.tcpi_rcv_wscale()).isEqualTo(10);
    }

    /** Kernel 6.18, verified with packetdrill: 4 linear retries, then doubling; 6 + 4 retransmissions. */
    @Test
    void synRetransmissionLadderIsLinearThenExponentialThenEtimedout() {
        Drill d = new Drill();
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, 0));
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0))
                .isEqualTo(new SocketCallResult.Failed(Errno.EINPROGRESS));
        d.out("S 0:0(0) <...>");
        double[] kernel = {1.024, 2.048, 3.072, 4.096, 5.120, 7.136, 11.392, 19.584, 35.712, 69.760};
        for (double t : kernel) {
            d.outAt(t, 0.05 * t, "S 0:0(0) <...>");
        }
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.EALREADY));
        d.quietUntil(200);
        assertThat(d.stack.socketState(fd)).contains(TcpState.CLOSED);
        assertThat(d.stack.getsockopt(fd, SocketOption.SO_ERROR, d.now)).isEqualTo(new SocketCallResult.Done(110));
        assertThat(d.stack.getsockopt(fd, SocketOption.SO_ERROR, d.now)).isEqualTo(new SocketCallResult.Done(0));
    }

    /** Kernel 6.18 (packetdrill): TCP_SYNCNT=1 behaves like tcp_syn_retries=1 — SYNs at 0, 1, 2 s, dead at 3 s. */
    @Test
    void synCountOptionShortensTheLadder() {
        Drill d = new Drill();
        int fd = d.socket();
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_SYNCNT, 1, 0));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.out("S 0:0(0) <...>");
        d.outAt(1.024, "S 0:0(0) <...>");
        d.outAt(2.048, "S 0:0(0) <...>");
        d.quietUntil(30);
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.ETIMEDOUT));
    }

    /**
     * scripts/failures/connect-timeout.pkt (6.18): the SYN give-up is a time budget of
     * (2^(retries+1) - 1) s since the first SYN, so with 4 linear timeouts "2 retries" is five
     * retransmitted SYNs, and the timer due at 7 s kills the connection.
     */
    @Test
    void synRetriesIsATimeBudgetNotACount() {
        record Case(int retries, int linear, int rtoMaxMs, double[] synsAt, double deadAt) {
        }
        Case[] cases = {
            new Case(1, 4, 120_000, new double[] {1, 2}, 3),
            new Case(2, 4, 120_000, new double[] {1, 2, 3, 4, 5}, 7),
            new Case(3, 4, 120_000, new double[] {1, 2, 3, 4, 5, 7, 11}, 19),
            new Case(3, 0, 120_000, new double[] {1, 3, 7}, 15),
            // tcp_model_timeout uses tcp_rto_max: (2^2 - 1) + 4 * 2 = 11 s; 1 + 3 * 1 = 4 s.
            new Case(5, 4, 2_000, new double[] {1, 2, 3, 4, 5, 7, 9}, 11),
            new Case(3, 4, 1_000, new double[] {1, 2, 3}, 4),
        };
        for (Case c : cases) {
            Tunables k = new Tunables();
            k.tcpSynRetries = c.retries();
            k.tcpSynLinearTimeouts = c.linear();
            k.tcpRtoMaxMillis = c.rtoMaxMs();
            Drill d = new Drill(k);
            int fd = d.socket();
            Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, 0));
            d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
            d.out("S 0:0(0) <...>");
            for (double t : c.synsAt()) {
                d.outAt(t, 0.03 * t + 0.01, "S 0:0(0) <...>");
            }
            d.quietUntil(c.deadAt() - 0.1);
            assertThat(d.stack.socketState(fd)).as("retries %d", c.retries()).contains(TcpState.SYN_SENT);
            d.quietUntil(c.deadAt() * 1.03 + 0.05);
            assertThat(d.stack.socketState(fd)).as("retries %d", c.retries()).contains(TcpState.CLOSED);
            assertThat(d.stack.getsockopt(fd, SocketOption.SO_ERROR, d.now)).isEqualTo(new SocketCallResult.Done(110));
        }
    }

    @Test
    void rstInSynSentRefusesTheConnection() {
        Drill d = new Drill();
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        d.at(0.01).in("R. 0:0(0) ack 1 win 0");
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.ECONNREFUSED));
        d.noMoreOutput();
    }

    @Test
    void badAckInSynSentIsResetAndTheSynResentAfterTwoJiffies() {
        // scripts/handshake/syn-sent-bad-ack.pkt (verified on 6.18)
        Drill d = new Drill();
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        d.at(0.1).in("S. 0:0(0) ack 1000 win 65535 <mss 1460>");
        d.out("R 1000:1000(0) win 0");
        d.outAt(0.112, 0.004, "S 0:0(0) <...>");                // TCP_TIMEOUT_MIN, not the 1 s RTO
        d.at(0.2).in("R. 0:0(0) ack 2000 win 0");                 // bad ack on a RST: ignored, no rearm
        d.outAt(1.12, 0.03, "S 0:0(0) <...>");                  // a linear 1 s timeout later
        d.plus(0.1).in("R. 0:0(0) ack 1 win 0");
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.ECONNREFUSED));
    }

    /**
     * scripts/failures/ack-of-unsent-data.pkt and corpus ts_recent/invalid_ack.pkt (which fails on 6.18
     * at exactly this ACK): an ACK above snd_nxt is discarded with its data and timestamp, and
     * answered with an ACK, rate limited per socket by tcp_invalid_ratelimit (500 ms).
     */
    @Test
    void anAckOfUnsentDataIsAnsweredAndLeavesTsRecentAlone() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0.1).in("S 0:0(0) win 20000 <mss 1000,sackOK,TS val 100 ecr 0>");
        d.out("S. 0:0(0) ack 1 <mss 1460,sackOK,TS>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 20000 <nop,nop,TS val 200 ecr 100>");
        Drill.done(d.stack.accept(lfd, d.now));
        d.in("F. 1:1(0) ack 9999 win 20000 <nop,nop,TS val 200000 ecr 100>");
        d.out(". 1:1(0) ack 1 <nop,nop,TS>");                                   // the FIN was dropped
        d.plus(0.1).in(". 1:1(0) ack 9999 win 20000 <nop,nop,TS val 201 ecr 100>").noMoreOutput(); // rate limited
        d.in(". 1:1001(1000) ack 1 win 20000 <nop,nop,TS val 202 ecr 100>");     // not a PAWS reject
        var ack = d.out(". 1:1(0) ack 1001 <nop,nop,TS>");
        assertThat(((dev.jdrill.wire.TcpSegment) ack.packet().transport()).option(dev.jdrill.wire.TcpOption.Timestamp.class)
                .orElseThrow().ecr()).isEqualTo(202);
    }

    @Test
    void closedPortAnswersWithRstPerRfc9293() {
        Drill d = new Drill();
        d.localIsn = 0;
        d.at(0).in("S 0:0(0) win 1000");
        d.out("R. 0:0(0) ack 1");
        d.in(". 1:1(0) ack 77 win 1000");
        d.out("R 77:77(0)");
        d.in("R 1:1(0) win 0").noMoreOutput();
    }

    @Test
    void closeInSynSentSendsNothingAndALaterSynAckMeetsRst() {
        // corpus: close/close-on-syn-sent.pkt
        Drill d = new Drill();
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, 0));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        Drill.done(d.stack.close(fd, 0));
        d.noMoreOutput();
        d.at(0.1).in("S. 0:0(0) ack 1 win 32000 <mss 1460,nop,wscale 7>");
        d.out("R 1:1(0)");
    }

    @Test
    void lostThirdAckMeansSynAckRetransmissionsThenExpiry() {
        Drill d = new Drill();
        d.listener(1);
        d.at(0).in("S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <...>");
        for (double t : new double[] {1.024, 3.072, 7.168, 15.360, 31.744}) {
            d.outAt(t, 0.05 * t, "S. 0:0(0) ack 1 <...>");
        }
        d.quietUntil(100);
        assertThat(d.stack.connectionState(new Endpoint(Drill.LOCAL, 8080), new Endpoint(Drill.REMOTE, d.remotePort)))
                .isEqualTo(TcpState.CLOSED);
    }

    @Test
    void thirdAckWithDataCompletesTheHandshake() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        d.at(0).in("S 0:0(0) win 32792 <mss 1000,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <...>");
        d.plus(0.01).in("P. 1:101(100) ack 1 win 257");
        d.out(". 1:1(0) ack 101");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        assertThat(d.stack.read(fd, 1000, d.now)).isEqualTo(new SocketCallResult.Done(100));
    }

    @Test
    void simultaneousOpen() {
        Drill d = new Drill();
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        d.at(0.01).in("S 0:0(0) win 5840 <mss 1460,nop,wscale 7>");
        // The SYN-ACK's options come from the sysctls, as the SYN's did, not from the crossed SYN
        // (verified on 6.18: sackOK and TS go out to a peer that offered neither).
        d.out("S. 0:0(0) ack 1 <mss 1460,sackOK,TS,nop,wscale 10>");
        assertThat(d.stack.socketState(fd)).contains(TcpState.SYN_RECV);
        d.at(0.02).in(". 1:1(0) ack 1 win 5840");
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now)).isEqualTo(new SocketCallResult.Done(0));
    }

    @Test
    void tunablesRejectUnknownNamesAndBadValues() {
        Tunables k = new Tunables();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.set("net.ipv4.tcp_nonsense", "1"))
                .hasMessageContaining("unknown sysctl 'net.ipv4.tcp_nonsense'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.set("tcp_syn_retries", "abc"))
                .hasMessageContaining("not an integer");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.set("tcp_syn_retries", "0"))
                .hasMessageContaining("outside 1..127");
        // A Linux sysctl the engine does not model is not one of its tunables (its adapter decides).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.set("net/ipv4/tcp_fack", "0"))
                .hasMessageContaining("unknown sysctl");
        k.set("net/ipv4/tcp_syn_retries", "3");
        assertThat(k.tcpSynRetries).isEqualTo(3);
        assertThat(k.get("tcp_rmem")).isEqualTo("4096\t131072\t33554432");
    }

    /** scripts/handshake/simultaneous-open.pkt (6.18): the peer's SYN-ACK completes it, ACKed with a D-SACK of its SYN. */
    @Test
    void simultaneousOpenAcksTheSynAckWithADsack() {
        Drill d = new Drill();
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, 0));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <mss 1460,sackOK,TS,nop,wscale 10>");
        d.at(0.1).in("S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <mss 1460,sackOK,TS,nop,wscale 10>");
        d.at(0.2).in("S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 800 ecr 100,nop,wscale 7>");
        d.out(". 1:1(0) ack 1 <nop,nop,TS,nop,nop,sack 0:1>");
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("P. 1:101(100) ack 1 <nop,nop,TS>");
    }

    /**
     * fastopen/client/synack-data.pkt (TEST5), passing on 6.18: a SYN-ACK whose timestamp echo is no
     * SYN of ours (PAWSACTIVEREJECTED) is answered with a reset at its ACK; the socket stays in
     * SYN_SENT and a SYN-ACK echoing our SYN's timestamp still establishes it.
     */
    @Test
    void aSynAckEchoingNoTimestampOfOursIsResetAndTheConnectWaitsOn() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        OutboundPacket syn = d.out("S 0:0(0) <...>");
        long val = ((dev.jdrill.wire.TcpSegment) syn.packet().transport())
                .option(dev.jdrill.wire.TcpOption.Timestamp.class).orElseThrow().val();
        // Drill.in echoes our last TS val; this SYN-ACK echoes one 9999 ms in our future.
        dev.jdrill.wire.TcpSegment ok = d.plus(0.01).parseInbound("S. 0:0(0) ack 1 win 5840 <mss 1040,sackOK,nop,wscale 6>");
        java.util.List<dev.jdrill.wire.TcpOption> opts = new java.util.ArrayList<>(ok.options());
        opts.add(new dev.jdrill.wire.TcpOption.Timestamp(1_000_000, (val + 9999) & 0xffff_ffffL));
        dev.jdrill.wire.TcpSegment bad = new dev.jdrill.wire.TcpSegment(ok.sourcePort(), ok.destinationPort(), ok.seq(),
                ok.ack(), ok.flags(), ok.window(), 0, opts, ok.payload());
        d.stack.receive(dev.jdrill.wire.IpPacket.of(Drill.REMOTE, Drill.LOCAL, bad), d.now);
        d.out("R 1:1(0)");
        assertThat(d.stack.socketState(fd)).contains(TcpState.SYN_SENT);
        d.plus(0.01).in("S. 0:0(0) ack 1 win 5840 <mss 1040,TS val 1000000 ecr " + val + ",sackOK,nop,wscale 6>");
        d.out(". 1:1(0) ack 1 <...>");
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
    }
}
