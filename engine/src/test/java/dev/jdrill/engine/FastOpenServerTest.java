package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import org.junit.jupiter.api.Test;

/**
 * Server TCP Fast Open, one behaviour per table, each the engine's side of a corpus script that passes
 * on Linux 6.18 (fastopen/server/*.pkt). The key is packetdrill's baseline one, so the cookie for these
 * addresses is the one this kernel sends (FastOpenKeyTest).
 */
class FastOpenServerTest {
    private static final String COOKIE = "3021b9d889017eeb";

    private static Drill drill() {
        Tunables k = new Tunables();
        k.tcpTimestamps = 0;
        k.tcpFastopen = 0x403;                     // client, server, and every listener without TCP_FASTOPEN
        k.tcpFastopenKey = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";
        return new Drill(k);
    }

    @Test
    void aValidCookieMakesAChildThatHoldsTheSynsDataBeforeTheHandshakeCompletes() {   // basic-rw.pkt
        Drill d = drill();
        int lfd = d.listener(1);
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO " + COOKIE + ",nop,nop>");
        d.out("S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");                     // acks the data, no cookie
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        assertThat(d.stack.socketState(fd)).contains(TcpState.SYN_RECV);
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_options() & TcpInfo.TCPI_OPT_SYN_DATA).isNotZero();
        assertThat(d.stack.read(fd, 512, d.now)).isEqualTo(new SocketCallResult.Done(10));
        assertThat(d.stack.write(fd, 100, d.now)).isEqualTo(new SocketCallResult.Done(100));
        d.out("P. 1:101(100) ack 11");                                            // sent in SYN_RECV
        d.in(". 11:11(0) ack 101 win 257");
        assertThat(d.stack.socketState(fd)).contains(TcpState.ESTABLISHED);
        d.noMoreOutput();
    }

    @Test
    void aCookieRequestOrAWrongCookieIsAnsweredWithTheValidCookieAndTheDataIsDropped() {   // reset-non-tfo-socket.pkt
        Drill d = drill();
        int lfd = d.listener(1);
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO aaaaaaaaaaaaaaaa,nop,nop>");
        d.out("S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,FO " + COOKIE + ",nop,nop>");
        assertThat(d.stack.accept(lfd, d.now)).isEqualTo(SocketCallResult.WOULD_BLOCK);
        d.in(". 1:1(0) ack 1 win 32792");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        assertThat(d.stack.tcpInfo(fd).orElseThrow().tcpi_options() & TcpInfo.TCPI_OPT_SYN_DATA).isZero();

        d.remotePort++;
        d.in("S 0:0(0) win 32792 <mss 1460,sackOK,nop,nop,FO,nop,nop>");         // a request
        d.out("S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,FO " + COOKIE + ",nop,nop>");
        d.outAt(1.0, "S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK>");                // retransmissions carry none
    }

    @Test
    void theChildsSynAckIsRetransmittedUntilTheAckAndAResetBeforeAcceptLeavesAClosedChild() {   // reset-before-accept.pkt
        Drill d = drill();
        int lfd = d.listener(1);
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO " + COOKIE + ",nop,nop>");
        d.out("S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");
        d.outAt(1.0, "S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");              // tcp_fastopen_synack_timer
        d.outAt(3.0, "S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");
        d.in("R. 11:11(0) win 257");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));                   // still there to accept
        assertThat(d.stack.socketState(fd)).contains(TcpState.CLOSED);
        assertThat(d.stack.read(fd, 512, d.now)).isEqualTo(new SocketCallResult.Done(10));
        assertThat(d.stack.read(fd, 512, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.ECONNRESET));
        d.noMoreOutput();
    }

    @Test
    void closingTheListenerResetsAChildNotYetAccepted() {   // listener-closed-trigger-rst.pkt
        Drill d = drill();
        int lfd = d.listener(1);
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO " + COOKIE + ",nop,nop>");
        d.out("S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");
        Drill.done(d.stack.close(lfd, d.now));
        d.out("R. 1:1(0) ack 11");
    }

    @Test
    void withoutTheServerBitsOrTheListenersQueueTheSynsDataIsIgnored() {   // basic-non-tfo-listener.pkt
        Tunables k = new Tunables();
        k.tcpTimestamps = 0;
        k.tcpFastopen = 0x3;                       // server on, but only for listeners that set TCP_FASTOPEN
        k.tcpFastopenKey = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";
        Drill d = new Drill(k);
        int lfd = d.listener(1);
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,FO " + COOKIE + ">");
        d.out("S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK>");
        Drill.done(d.stack.setsockopt(lfd, SocketOption.TCP_FASTOPEN, 1, d.now));
        assertThat(d.stack.getsockopt(lfd, SocketOption.TCP_FASTOPEN, d.now)).isEqualTo(new SocketCallResult.Done(1));
        d.remotePort++;
        d.in("S 0:10(10) win 32792 <mss 1460,sackOK,FO " + COOKIE + ">");
        d.out("S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>");
    }
}
