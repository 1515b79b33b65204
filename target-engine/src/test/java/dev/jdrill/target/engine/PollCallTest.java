package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * poll() and epoll_wait() with a timeout on the engine's virtual time: a call with nothing ready
 * sleeps until an fd becomes ready or its timeout expires, and then returns 0 at exactly that time.
 */
class PollCallTest {
    private final TargetConfig config = TargetConfig.defaults(TargetConfig.IpMode.IPV4);

    private static SocketValue i(long v) {
        return new SocketValue.Int(v);
    }

    private static SocketValue pollFds(int fd, int events) {
        return new SocketValue.Array(List.of(new SocketValue.Struct(List.of(
                new SocketValue.Field("fd", i(fd)), new SocketValue.Field("events", i(events))))));
    }

    /** A non-blocking socket (fd 3) whose SYN is out and unanswered: SYN_SENT, so it polls as nothing. */
    private EngineTarget connecting() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        t.startCall(SocketCall.named("socket", List.of(i(2), i(1 | SocketConstants.SOCK_NONBLOCK), i(6))));
        t.startCall(SocketCall.named("connect", List.of(i(3), new SocketValue.Address(config.remoteAddress(), 8080), i(16))));
        t.nextOutbound(0).orElseThrow();
        return t;
    }

    @Test
    void aPollWithNothingReadySleepsUntilItsTimeoutThenReturnsZero() throws Exception {
        EngineTarget t = connecting();
        CallHandle h = t.startCall(SocketCall.named("poll", List.of(pollFds(3, SocketConstants.POLLOUT), i(1), i(100))));
        assertThat(t.pollCall(h)).isEmpty();
        CallOutcome o = t.awaitCall(h, 500_000).orElseThrow();
        assertThat(o.returnValue()).isZero();
        assertThat(o.completedMicros()).isEqualTo(100_000);
        t.close();
    }

    @Test
    void aZeroTimeoutReportsAtOnceAndAnUnknownFdIsPollnval() throws Exception {
        EngineTarget t = connecting();
        CallHandle h = t.startCall(SocketCall.named("poll", List.of(pollFds(7, SocketConstants.POLLIN), i(1), i(0))));
        CallOutcome o = t.pollCall(h).orElseThrow();
        assertThat(o.returnValue()).isEqualTo(1);
        SocketValue.Struct entry = (SocketValue.Struct) ((SocketValue.Array) o.outputs().getFirst()).elements().getFirst();
        assertThat(entry.field("revents").flatMap(SocketValue::asLong)).hasValue(0x20L);   // POLLNVAL
        t.close();
    }

    @Test
    void anEpollWaitWithATimeoutExpiresToo() throws Exception {
        EngineTarget t = connecting();
        t.startCall(SocketCall.named("epoll_create", List.of(i(1))));
        t.startCall(SocketCall.named("epoll_ctl", List.of(i(4), i(1), i(3), new SocketValue.Struct(List.of(
                new SocketValue.Field("events", i(SocketConstants.EPOLLIN)), new SocketValue.Field("fd", i(3)))))));
        CallHandle h = t.startCall(SocketCall.named("epoll_wait", List.of(i(4), i(0), i(1), i(250))));
        CallOutcome o = t.awaitCall(h, 2_000_000).orElseThrow();
        assertThat(o.returnValue()).isZero();
        assertThat(o.completedMicros()).isEqualTo(250_000);
        t.close();
    }
}
