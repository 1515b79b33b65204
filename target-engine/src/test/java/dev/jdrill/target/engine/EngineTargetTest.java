package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTargetTest {
    private final TargetConfig config = TargetConfig.defaults(TargetConfig.IpMode.IPV4);

    private static SocketCall call(String name, SocketValue... args) {
        return SocketCall.named(name, List.of(args));
    }

    private static SocketValue.Int i(long v) {
        return new SocketValue.Int(v);
    }

    private SocketValue.Address remote() {
        return new SocketValue.Address(config.remoteAddress(), 8080);
    }

    private EngineTarget started() {
        EngineTarget t = new EngineTarget();
        t.start(config);
        return t;
    }

    private long fd(EngineTarget t, CallHandle h) {
        return t.pollCall(h).orElseThrow().returnValue();
    }

    @Test
    void blockingConnectCompletesWhenTheSynAckArrives() throws Exception {
        EngineTarget t = started();
        long fd = fd(t, t.startCall(call("socket", i(2), i(1), i(6))));
        assertThat(fd).isEqualTo(3);
        CallHandle connect = t.startCall(call("connect", i(fd), remote(), i(16)));
        assertThat(t.pollCall(connect)).isEmpty();
        SentPacket syn = t.nextOutbound(1_000_000).orElseThrow();
        TcpSegment s = (TcpSegment) syn.packet().transport();
        assertThat(s.flags().toScript()).isEqualTo("S");
        assertThat(syn.timeMicros()).isZero();
        t.waitUntil(100_000);
        TcpSegment synAck = new TcpSegment(8080, s.sourcePort(), 5000, s.seq() + 1, TcpFlags.parseScript("S."), 65535, 0,
                List.of(new TcpOption.MaxSegmentSize(1460)), Payload.EMPTY);
        t.inject(IpPacket.of(config.remoteAddress(), config.localAddress(), synAck));
        CallOutcome done = t.pollCall(connect).orElseThrow();
        assertThat(done.returnValue()).isZero();
        assertThat(done.completedMicros()).isEqualTo(100_000);
        assertThat(((TcpSegment) t.nextOutbound(100_000).orElseThrow().packet().transport()).flags().toScript()).isEqualTo(".");
        assertThat(t.socketState(3)).isEqualTo(TcpState.ESTABLISHED);
        Map<String, Long> info = t.tcpInfo(3);
        assertThat(info).containsEntry("tcpi_state", 1L).containsEntry("tcpi_snd_mss", 1460L);
    }

    @Test
    void aFailedConnectLadderCostsNoWallTime() throws Exception {
        EngineTarget t = started();
        t.setSysctl("net.ipv4.tcp_syn_retries", "6");
        long fd = fd(t, t.startCall(call("socket", i(2), i(1), i(6))));
        CallHandle connect = t.startCall(call("connect", i(fd), remote(), i(16)));
        long wallStart = System.nanoTime();
        CallOutcome out = t.awaitCall(connect, 1_000_000_000L).orElseThrow();
        assertThat(out.errno()).contains(Errno.ETIMEDOUT);
        assertThat(out.completedMicros()).isBetween(130_000_000L, 140_000_000L);
        assertThat(System.nanoTime() - wallStart).isLessThan(2_000_000_000L);
        int syns = 0;
        while (t.nextOutbound(t.nowMicros()).isPresent()) {
            syns++;
        }
        assertThat(syns).isEqualTo(11);
    }

    @Test
    void nonblockingCallsAndOptions() throws Exception {
        EngineTarget t = started();
        long fd = fd(t, t.startCall(call("socket", i(2), i(1), i(6))));
        assertThat(t.pollCall(t.startCall(call("fcntl", i(fd), i(4), i(0x802)))).orElseThrow().returnValue()).isZero();
        CallOutcome c = t.pollCall(t.startCall(call("connect", i(fd), remote(), i(16)))).orElseThrow();
        assertThat(c.errno()).contains(Errno.EINPROGRESS);
        CallOutcome g = t.pollCall(t.startCall(call("getsockopt", i(fd), i(1), i(4), new SocketValue.Array(List.of(i(0))), i(4))))
                .orElseThrow();
        assertThat(g.outputs().get(3)).isEqualTo(i(0));
        assertThat(t.pollCall(t.startCall(call("setsockopt", i(fd), i(1), i(13),
                new SocketValue.Struct(List.of(new SocketValue.Field("onoff", i(1)), new SocketValue.Field("linger", i(0)))),
                i(8)))).orElseThrow().returnValue()).isZero();
        assertThatThrownBy(() -> t.startCall(call("pipe", new SocketValue.Array(List.of(i(0), i(0)))))).isInstanceOf(UnsupportedByTargetException.class);
        // No such sysctl on Linux either: an error, as writing it on the kernel is.
        assertThatThrownBy(() -> t.setSysctl("net.ipv4.tcp_bogus", "1")).isInstanceOf(TargetException.class)
                .isNotInstanceOf(UnsupportedByTargetException.class);
    }

    /**
     * packetdrill's main thread may call while the syscall thread blocks. A close() of the fd a read()
     * is blocked on does not wake it (the call holds the file): verified on 6.18, the read still
     * returns the data that arrives afterwards, and only then is the socket closed (FIN).
     */
    @Test
    void callsRunWhileOneBlocksAndCloseDoesNotWakeTheBlockedRead() throws Exception {
        EngineTarget t = started();
        long lfd = fd(t, t.startCall(call("socket", i(2), i(1), i(6))));
        t.startCall(call("bind", i(lfd), new SocketValue.Address(config.localAddress(), 8080), i(16)));
        t.startCall(call("listen", i(lfd), i(1)));
        CallHandle accept = t.startCall(call("accept", i(lfd), SocketValue.UNSPECIFIED, SocketValue.UNSPECIFIED));
        assertThat(t.pollCall(accept)).isEmpty();
        // A non-blocking call on another socket while accept() blocks.
        long other = fd(t, t.startCall(call("socket", i(2), i(1), i(6))));
        assertThat(other).isEqualTo(4);
        TcpSegment syn = new TcpSegment(50000, 8080, 1000, 0, TcpFlags.parseScript("S"), 65535, 0,
                List.of(new TcpOption.MaxSegmentSize(1460)), Payload.EMPTY);
        t.inject(IpPacket.of(config.remoteAddress(), config.localAddress(), syn));
        TcpSegment synAck = (TcpSegment) t.nextOutbound(0).orElseThrow().packet().transport();
        t.waitUntil(100_000);
        t.inject(IpPacket.of(config.remoteAddress(), config.localAddress(), new TcpSegment(50000, 8080, 1001,
                synAck.seq() + 1, TcpFlags.parseScript("."), 65535, 0, List.of(), Payload.EMPTY)));
        long fd = t.pollCall(accept).orElseThrow().returnValue();
        CallHandle read = t.startCall(call("read", i(fd), SocketValue.UNSPECIFIED, i(1000)));
        assertThat(t.pollCall(read)).isEmpty();
        t.waitUntil(200_000);
        assertThat(t.pollCall(t.startCall(call("close", i(fd)))).orElseThrow().returnValue()).isZero();
        assertThat(t.pollCall(read)).isEmpty();
        assertThat(t.nextOutbound(300_000)).isEmpty();
        t.inject(IpPacket.of(config.remoteAddress(), config.localAddress(), new TcpSegment(50000, 8080, 1001,
                synAck.seq() + 1, TcpFlags.parseScript("P."), 65535, 0, List.of(), Payload.zeros(10))));
        CallOutcome r = t.pollCall(read).orElseThrow();
        assertThat(r.returnValue()).isEqualTo(10);
        assertThat(r.completedMicros()).isEqualTo(300_000);
        // Now the last reference is gone: the socket closes and sends its FIN.
        boolean fin = false;
        for (var p = t.nextOutbound(300_000); p.isPresent(); p = t.nextOutbound(300_000)) {
            fin |= ((TcpSegment) p.get().packet().transport()).flags().fin();
        }
        assertThat(fin).isTrue();
    }
}
