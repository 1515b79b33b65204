package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TunablesTest {

    /** proc_dointvec reads integers with base 0: the corpus's defaults.sh sets tcp_fastopen=0x70403. */
    @Test
    void integersAreReadAsTheKernelReadsThem() {
        Tunables k = new Tunables();
        k.set("net.ipv4.tcp_fastopen", "0x70403");
        assertThat(k.tcpFastopen).isEqualTo(0x70403);
        k.set("net.ipv4.tcp_syn_retries", "010");
        assertThat(k.tcpSynRetries).isEqualTo(8);
        assertThatThrownBy(() -> k.set("net.ipv4.tcp_syn_retries", "0x")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The example: three values Linux accepts and the engine does not model. Each is refused
     * as unmodelled (the adapter makes it a SKIP naming it) and leaves the tunable as it was.
     */
    @TestFactory
    Stream<DynamicTest> valuesTheEngineDoesNotModelAreRefusedByName() {
        return cases("tcp_thin_linear_timeouts,1", "tcp_syncookies,2",
            "tcp_congestion_control,bbr", "tcp_retries1,5", "tcp_tw_reuse,1", "tcp_max_syn_backlog,128",
            "tcp_recovery,0", "tcp_mtu_probing,1", "tcp_base_mss,512", "tcp_moderate_rcvbuf,0",
            "tcp_autocorking,0", "tcp_min_rtt_wlen,10", "tcp_slow_start_after_idle,2", "tcp_timestamps,2",
            "tcp_ecn,3").map(nv -> DynamicTest.dynamicTest(nv[0] + "=" + nv[1],
                () -> refusedByName(nv[0], nv[1])));
    }

    private static Stream<String[]> cases(String... nameValues) {
        return Arrays.stream(nameValues).map(s -> s.split(",", 2));
    }

    private static void refusedByName(String name, String value) {
        Tunables k = new Tunables();
        String before = k.get(name);
        if (name.equals("tcp_slow_start_after_idle")) {
            // 2 is out of range on Linux too: a bad value, not an unmodelled one.
            assertThatThrownBy(() -> k.set(name, value)).isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(UnmodelledTunableException.class);
            return;
        }
        assertThatThrownBy(() -> k.set("net.ipv4." + name, value)).isInstanceOf(UnmodelledTunableException.class)
                .hasMessageStartingWith(name + "=" + value + ": ");
        assertThat(k.get(name)).isEqualTo(before);
    }

    /**
     * What suites' baselines write: Linux's defaults, and the values the engine behaves as where it
     * differs from them (packetdrill's defaults.sh: slow start after idle off, CUBIC, F-RTO 2).
     */
    @TestFactory
    Stream<DynamicTest> valuesTheEngineBehavesAsAreAccepted() {
        return cases("tcp_retries1,3", "tcp_tw_reuse,2", "tcp_tw_reuse,0", "tcp_syncookies,1", "tcp_max_syn_backlog,2048",
            "tcp_slow_start_after_idle,0", "tcp_slow_start_after_idle,1", "tcp_frto,2", "tcp_frto,0", "tcp_recovery,1",
            "tcp_mtu_probing,0", "tcp_base_mss,1024", "tcp_moderate_rcvbuf,1", "tcp_autocorking,1",
            "tcp_thin_linear_timeouts,0", "tcp_congestion_control,cubic", "tcp_min_rtt_wlen,300",
            "tcp_no_metrics_save,0", "tcp_no_metrics_save,1", "tcp_fastopen,0x70403", "tcp_fastopen,5", "tcp_fastopen,0x207", "tcp_timestamps,0", "tcp_ecn,1")
                .map(nv -> DynamicTest.dynamicTest(nv[0] + "=" + nv[1], () -> accepted(nv[0], nv[1])));
    }

    private static void accepted(String name, String value) {
        Tunables k = new Tunables();
        k.set(name, value);
        assertThat(Long.decode(k.get(name).replace("cubic", "0")))
                .isEqualTo(Long.decode(value.replace("cubic", "0")));
    }

    /** The engine's congestion control is CUBIC's: that is what it shows, not this host's bbr. */
    @Test
    void congestionControlShowsWhatTheEngineDoes() {
        assertThat(new Tunables().get("net.ipv4.tcp_congestion_control")).isEqualTo("cubic");
    }

    @Test
    void onlyTheEnginesOwnTunablesAreKnown() {
        assertThat(Tunables.isKnown("net.ipv4.tcp_syn_retries")).isTrue();
        assertThat(Tunables.isKnown("net.ipv4.tcp_tso_win_divisor")).isFalse();
        assertThat(Tunables.isKnown("net.ipv4.tcp_fack")).isFalse();
        assertThat(new Tunables().values()).doesNotContainKey("net.ipv4.tcp_pacing_ss_ratio");
    }
}
