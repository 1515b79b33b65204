package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.target.ConnectionSnapshot;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** :state and :tunables on the engine: every socket with its sequence variables and timers. */
class EngineIntrospectionTest {
    private final TargetConfig config = TargetConfig.defaults(TargetConfig.IpMode.IPV4);

    private static SocketValue.Int i(long v) {
        return new SocketValue.Int(v);
    }

    @Test
    void aConnectingSocketShowsItsSequenceVariablesAndTheSynTimer() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        t.startCall(SocketCall.named("socket", List.of(i(2), i(1 | 0x800), i(6))));
        ConnectionSnapshot fresh = t.connections().orElseThrow().getFirst();
        assertThat(fresh.state()).isEqualTo(TcpState.CLOSED);
        assertThat(fresh.sndNxt()).isEmpty();
        assertThat(fresh.timers()).isEmpty();

        t.startCall(SocketCall.named("connect", List.of(i(3), new SocketValue.Address(config.remoteAddress(), 8080), i(16))));
        var syn = (TcpSegment) t.nextOutbound(0).orElseThrow().packet().transport();
        ConnectionSnapshot c = t.connections().orElseThrow().getFirst();
        //   0 > S 0:0(0)             state SYN_SENT, snd_una = ISS, snd_nxt = ISS + 1, retransmit at 1 s (+ timer-wheel slack)
        assertThat(c.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(c.liveFd()).hasValue(3);
        assertThat(c.remoteAddress()).isEqualTo(config.remoteAddress());
        assertThat(c.sndUna()).hasValue(syn.seq());
        assertThat(c.sndNxt()).hasValue((syn.seq() + 1) & 0xffff_ffffL);
        assertThat(c.timers()).singleElement().satisfies(timer -> {
            assertThat(timer.name()).isEqualTo("retransmit");
            assertThat(timer.deadlineMicros()).isBetween(1_000_000L, 1_030_000L);
        });
    }

    @Test
    void tunablesAreListedByFullSysctlNameWithTheirValues() throws Exception {
        EngineTarget t = new EngineTarget();
        t.start(config);
        t.setSysctl("net.ipv4.tcp_syn_retries", "3");
        var values = t.tunables().orElseThrow();
        assertThat(values).containsEntry("net.ipv4.tcp_syn_retries", "3")
                .containsEntry("net.ipv4.tcp_fin_timeout", "60")
                .containsEntry("net.core.somaxconn", "4096");
    }
}
