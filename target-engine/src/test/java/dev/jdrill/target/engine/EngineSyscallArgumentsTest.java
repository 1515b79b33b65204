package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NULL buffers, msghdr iovecs, the queue ioctls and SKIPs that name the option (EngineSocketCalls). */
class EngineSyscallArgumentsTest {
    private final TargetConfig config = TargetConfig.defaults(TargetConfig.IpMode.IPV4);
    private static final SocketValue NULL = new SocketValue.Int(0);

    private static SocketValue.Int i(long v) {
        return new SocketValue.Int(v);
    }

    private static CallOutcome run(EngineTarget t, String name, SocketValue... args) throws Exception {
        return t.pollCall(t.startCall(SocketCall.named(name, List.of(args)))).orElseThrow();
    }

    private static SocketValue iovec(long len) {
        return new SocketValue.Struct(List.of(new SocketValue.Field("", SocketValue.UNSPECIFIED),
                new SocketValue.Field("", i(len))));
    }

    private static SocketValue msghdr(SocketValue... iov) {
        return new SocketValue.Struct(List.of(new SocketValue.Field("msg_name", SocketValue.UNSPECIFIED),
                new SocketValue.Field("msg_iov", new SocketValue.Array(List.of(iov))),
                new SocketValue.Field("msg_flags", i(0))));
    }

    @Test
    void skipsNameTheUnmodelledOption() {
        EngineTarget t = new EngineTarget();
        t.start(config);
        assertThatThrownBy(() -> run(t, "setsockopt", i(3), i(SocketConstants.SOL_TCP),
                i(SocketConstants.TCP_CONGESTION), new SocketValue.Array(List.of(i(1))), i(4)))
                .isInstanceOf(UnsupportedByTargetException.class)
                .hasMessageContaining("TCP_CONGESTION (SOL_TCP 13)");
        assertThat(SocketOptionNames.describe(SocketConstants.SOL_SOCKET, SocketConstants.SO_TIMESTAMPING))
                .isEqualTo("SO_TIMESTAMPING (SOL_SOCKET 37)");
        assertThat(SocketOptionNames.describe(99, 7)).isEqualTo("socket option level 99 7");
    }

    @Test
    void fastOpenWithDontWaitConnectsAndAsksForACookie() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        run(t, "socket", i(2), i(1), i(6));
        CallOutcome nonBlocking = run(t, "sendto", i(3), NULL, i(1),
                i(SocketConstants.MSG_FASTOPEN | SocketConstants.MSG_DONTWAIT), SocketValue.UNSPECIFIED, SocketValue.UNSPECIFIED);
        assertThat(nonBlocking.errno()).contains(Errno.EINPROGRESS);
        var syn = (dev.jdrill.wire.TcpSegment) t.nextOutbound(0).orElseThrow().packet().transport();
        assertThat(syn.options()).contains(new dev.jdrill.wire.TcpOption.FastOpen(""));
    }

    @Test
    void dontWaitTurnsASleepIntoEagainAndUnmodelledFlagsAreNamedSkips() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        run(t, "socket", i(2), i(1), i(6));
        t.startCall(SocketCall.named("connect", List.of(i(3), new SocketValue.Address(config.remoteAddress(), 8080), i(16))));
        // SYN_SENT: a send would sleep until the handshake completes (sk_stream_wait_connect)
        assertThat(run(t, "send", i(3), SocketValue.UNSPECIFIED, i(10), i(SocketConstants.MSG_DONTWAIT)).errno())
                .contains(Errno.EAGAIN);
        assertThatThrownBy(() -> run(t, "send", i(3), SocketValue.UNSPECIFIED, i(10), i(SocketConstants.MSG_OOB)))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessage("the engine does not model send flag MSG_OOB");
        assertThatThrownBy(() -> run(t, "recv", i(3), SocketValue.UNSPECIFIED, i(10), i(SocketConstants.MSG_WAITALL)))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessage("the engine does not model recv flag MSG_WAITALL");
    }

    @Test
    void msghdrLengthSkipsEmptyIovecsAndANullBaseFaults() {
        assertThat(IoVector.of(msghdr(iovec(0), iovec(40), iovec(0), iovec(20)))).isEqualTo(new IoVector(60, false, List.of(40L, 20L)));
        SocketValue nullBase = new SocketValue.Struct(List.of(new SocketValue.Field("", NULL),
                new SocketValue.Field("", i(10))));
        assertThat(IoVector.of(msghdr(nullBase))).isEqualTo(new IoVector(10, true, List.of(10L)));
        assertThat(EngineSocketCalls.isNull(NULL)).isTrue();
        assertThat(EngineSocketCalls.isNull(SocketValue.UNSPECIFIED)).isFalse();
    }

    @Test
    void ioctlWritesTheCountIntoTheThirdArgument() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        run(t, "socket", i(2), i(1), i(6));
        CallOutcome unconnected = run(t, "ioctl", i(3), i(SocketConstants.SIOCOUTQ), new SocketValue.Array(List.of(i(0))));
        assertThat(unconnected.returnValue()).isZero();
        assertThat(unconnected.outputs().get(2)).isEqualTo(new SocketValue.Array(List.of(i(0))));
        run(t, "bind", i(3), new SocketValue.Address(config.localAddress(), 8080), i(16));
        run(t, "listen", i(3), i(1));
        assertThat(run(t, "ioctl", i(3), i(SocketConstants.FIONREAD), SocketValue.UNSPECIFIED).errno())
                .contains(Errno.EINVAL);
        assertThat(t.connectionState(new dev.jdrill.interpreter.target.ConnectionKey(config.localAddress(), 8080,
                config.remoteAddress(), 50000))).isEqualTo(TcpState.CLOSED);
        assertThatThrownBy(() -> run(t, "ioctl", i(3), i(0x1234), SocketValue.UNSPECIFIED))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("0x1234");
    }
}
