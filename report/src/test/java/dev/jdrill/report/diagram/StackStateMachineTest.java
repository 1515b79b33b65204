package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackStateMachineTest {

    private static List<TcpState> states(TraceBuilder trace) {
        return StackStateMachine.changes(trace.build()).stream().map(StackStateMachine.StateChange::state).toList();
    }

    @Test
    void passiveOpenThenActiveClose() {
        assertThat(states(SampleRuns.passiveOpenAndClose())).containsExactly(TcpState.LISTEN, TcpState.SYN_RECV,
                TcpState.ESTABLISHED, TcpState.FIN_WAIT1, TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSED);
    }

    @Test
    void activeOpenThenPassiveClose() {
        TraceBuilder t = new TraceBuilder()
                .call(0, 1, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)")
                .out(0, 2, "S 0:0(0) win 64240 <mss 1460>")
                .in(0.1, 3, "S. 0:0(0) ack 1 win 65535 <mss 1460>")
                .out(0.1, 4, ". 1:1(0) ack 1 win 502")
                .in(0.2, 5, "F. 1:1(0) ack 1 win 257")
                .out(0.2, 6, ". 1:1(0) ack 2 win 502")
                .call(0.3, 7, "close(3) = 0")
                .out(0.3, 8, "F. 1:1(0) ack 2 win 502")
                .in(0.4, 9, ". 2:2(0) ack 2 win 257");

        assertThat(states(t)).containsExactly(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                TcpState.LAST_ACK, TcpState.CLOSED);
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TraceBuilder t = new TraceBuilder()
                .out(0, 1, "S 0:0(0) win 64240")
                .in(0.1, 2, "S. 0:0(0) ack 1 win 65535")
                .out(0.5, 3, "F. 1:1(0) ack 1 win 502")
                .in(0.5, 4, "F. 1:1(0) ack 1 win 257")
                .in(0.6, 5, ". 2:2(0) ack 2 win 257");

        assertThat(states(t)).containsExactly(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                TcpState.CLOSING, TcpState.TIME_WAIT);
    }

    @Test
    void aResetClosesTheConnection() {
        TraceBuilder t = new TraceBuilder()
                .out(0, 1, "S 0:0(0) win 64240")
                .in(0.1, 2, "R. 0:0(0) ack 1 win 0");

        assertThat(states(t)).containsExactly(TcpState.SYN_SENT, TcpState.CLOSED);
    }

    @Test
    void aConnectThatTimedOutLeavesTheSocketClosed() {
        TraceBuilder t = new TraceBuilder()
                .out(0, 1, "S 0:0(0) win 64240")
                .call(0, 127, 2, "connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)");

        assertThat(states(t)).containsExactly(TcpState.SYN_SENT, TcpState.CLOSED);
    }

    @Test
    void aSeenStateConfirmsTheDerivedOneOrStandsOnItsOwn() {
        TraceBuilder t = new TraceBuilder()
                .out(0, 1, "S 0:0(0) win 64240")
                .seen(0, 2, TcpState.SYN_SENT)
                .seen(3, 3, TcpState.CLOSED);

        List<StackStateMachine.StateChange> changes = StackStateMachine.changes(t.build());

        assertThat(changes).extracting(StackStateMachine.StateChange::state).containsExactly(TcpState.SYN_SENT, TcpState.CLOSED);
        assertThat(changes).extracting(StackStateMachine.StateChange::seenLine).containsExactly(2, 3);
        assertThat(changes).extracting(StackStateMachine.StateChange::afterEntry).containsExactly(0, 2);
    }
}
