package dev.jdrill.engine;

import org.junit.jupiter.api.Test;

/** GSO packets as a TUN device with offloads shows them (kernel 6.18, verified with packetdrill). */
class TsoTest {

    /**
     * Active open with a 1 s RTT, peer MSS 1460 without timestamps, write 40000: the initial window
     * (10 MSS) is one 14600-byte packet without PSH; after its ACK (cwnd 20) the rest, 25400 bytes,
     * is one packet with PSH (the kernel paces that one 53 ms later under BBR; the engine does not pace).
     */
    @Test
    void theInitialWindowLeavesAsOnePacketAndTheRestAfterTheAck() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        d.at(1.0).in("S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>");
        d.out(". 1:1(0) ack 1");
        d.at(1.1);
        Drill.done(d.stack.write(fd, 40000, d.now));
        d.out(". 1:14601(14600) ack 1");
        d.at(1.2).in(". 1:1(0) ack 14601 win 2000");
        d.out("P. 14601:40001(25400) ack 1");
    }

    /** corpus mss/mss-setsockopt-tcp_maxseg-client.pkt: TCP_MAXSEG 1100 → 10 × 1100 in one packet. */
    @Test
    void maxsegSizesTheSegmentsOfTheGsoPacket() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.socket();
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_MAXSEG, 1100, d.now));
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now));
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <mss 1100,sackOK,TS,nop,wscale 10>");
        d.at(0.1).in("S. 0:0(0) ack 1 win 32792 <mss 1460,nop,wscale 7>");
        d.out(". 1:1(0) ack 1");
        Drill.done(d.stack.write(fd, 12000, d.now));
        d.out("P. 1:11001(11000) ack 1");
    }
}
