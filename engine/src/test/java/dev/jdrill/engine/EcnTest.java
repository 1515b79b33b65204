package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Classic ECN (tcp_ecn.h). Each table was run on Linux 6.18 as a packetdrill script with the same
 * segments (scripts/handshake/ecn-*.pkt and /tmp experiments) and passed there.
 */
class EcnTest {
    private static final String SYN_OPTS = "<mss 1460,sackOK,nop,nop,nop,wscale 7>";

    private static Drill withEcn(int tcpEcn) {
        Tunables k = new Tunables();
        k.tcpEcn = tcpEcn;
        return new Drill(k);
    }

    @Test
    void passiveSideEchoesCeWithEceUntilCwrAndMarksItsDataEct0() {
        Drill d = withEcn(2);
        int lfd = d.listener(1);
        d.in("SEW 0:0(0) win 65535 " + SYN_OPTS);
        d.out("S.E 0:0(0) ack 1 <...>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        d.plus(0.1).in("[ect0] . 1:101(100) ack 1 win 257");
        d.out(". 1:1(0) ack 101");
        d.plus(0.1).in("[ce] . 101:201(100) ack 1 win 257");
        d.out(".E 1:1(0) ack 201");                              // CE: ECE, at once
        d.plus(0.1).in("[ect0] . 201:301(100) ack 1 win 257");
        d.out(".E 1:1(0) ack 301");                              // still echoing
        d.plus(0.1).in("[ect0] W. 301:401(100) ack 1 win 257");
        d.out(". 1:1(0) ack 401");                               // CWR ends the echo
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("[ect0] P. 1:101(100) ack 401");
        d.plus(0.1).in("E. 401:401(0) ack 101 win 257");         // the peer saw CE: we enter CWR
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("[ect0] P.W 101:201(100) ack 401");
        d.plus(0.1).in(". 401:401(0) ack 201 win 257");
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("[ect0] P. 201:301(100) ack 401");
    }

    @Test
    void tcpEcnZeroIgnoresAnEcnSetupSyn() {
        Drill d = withEcn(0);
        int lfd = d.listener(1);
        d.in("SEW 0:0(0) win 65535 " + SYN_OPTS);
        d.out("S. 0:0(0) ack 1 <...>");
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("P. 1:101(100) ack 1");
    }

    @Test
    void activeSideAsksWithTcpEcnOneAndRetransmissionsAreNotEct() {
        Drill d = withEcn(1);
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("SEW 0:0(0) <...>");
        d.at(0.1).in("SE. 0:0(0) ack 1 win 65535 " + SYN_OPTS);
        d.out(". 1:1(0) ack 1");
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("[ect0] P. 1:101(100) ack 1");
        d.outAt(0.42, 0.04, "P. 1:101(100) ack 1");                // the TLP is a retransmission: Not-ECT
    }

    @Test
    void aLostEcnSynIsRetransmittedPlainAndTheFirstDataCarriesCwr() {
        Drill d = withEcn(1);
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("SEW 0:0(0) <...>");
        d.outAt(1.0, 0.04, "S 0:0(0) <...>");                    // tcp_ecn_clear_syn
        d.plus(0.1).in("SE. 0:0(0) ack 1 win 65535 " + SYN_OPTS);
        d.out(". 1:1(0) ack 1");
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("[ect0] P.W 1:101(100) ack 1");                    // the RTO queued a CWR
    }

    @Test
    void aSynAckWithoutEceMeansNoEcn() {
        Drill d = withEcn(1);
        int fd = d.socket();
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("SEW 0:0(0) <...>");
        d.at(0.1).in("S. 0:0(0) ack 1 win 65535 " + SYN_OPTS);
        d.out(". 1:1(0) ack 1");
        Drill.done(d.stack.write(fd, 100, d.now));
        d.out("P. 1:101(100) ack 1");
        assertThat(d.stack.tcpInfo(fd).orElseThrow().asMap().get("tcpi_options") & TcpInfo.TCPI_OPT_ECN).isZero();
    }
}
