package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** poll() on the engine target: revents, POLLNVAL, and a timeout counted from the call's start. */
class PollCallsTest {
    private static SocketCall call(String name, SocketValue... args) {
        return SocketCall.named(name, List.of(args));
    }

    private static SocketValue.Int i(long v) {
        return new SocketValue.Int(v);
    }

    private static SocketValue pollFd(long fd, int events) {
        return new SocketValue.Array(List.of(new SocketValue.Struct(List.of(
                new SocketValue.Field("fd", i(fd)), new SocketValue.Field("events", i(events))))));
    }

    private static long revents(CallOutcome o) {
        SocketValue.Array a = (SocketValue.Array) o.outputs().getFirst();
        return ((SocketValue.Struct) a.elements().getFirst()).field("revents").flatMap(SocketValue::asLong).orElseThrow();
    }

    private static EngineTarget listening() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
        t.startCall(call("socket", i(2), i(1), i(6)));
        t.startCall(call("bind", i(3), new SocketValue.Address(TargetConfig.defaults(TargetConfig.IpMode.IPV4)
                .localAddress(), 8080), i(16)));
        t.startCall(call("listen", i(3), i(1)));
        return t;
    }

    @Test
    void aPollWithNothingReadyReturnsZeroWhenItsTimeoutRunsOut() throws Exception {
        EngineTarget t = listening();
        CallHandle h = t.startCall(call("poll", pollFd(3, 0x1), i(1), i(100)));
        assertThat(t.pollCall(h)).isEmpty();
        CallOutcome o = t.awaitCall(h, 1_000_000).orElseThrow();
        assertThat(o.returnValue()).isZero();
        assertThat(o.completedMicros()).isEqualTo(100_000);
        assertThat(revents(o)).isZero();
    }

    @Test
    void aZeroTimeoutAnswersAtOnceAndAClosedFdIsPollnval() throws Exception {
        EngineTarget t = listening();
        CallOutcome none = t.pollCall(t.startCall(call("poll", pollFd(3, 0x1), i(1), i(0)))).orElseThrow();
        assertThat(none.returnValue()).isZero();
        CallOutcome nval = t.pollCall(t.startCall(call("poll", pollFd(9, 0x1), i(1), i(-1)))).orElseThrow();
        assertThat(nval.returnValue()).isEqualTo(1);
        assertThat(revents(nval)).isEqualTo(0x20);
    }
}
