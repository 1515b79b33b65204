package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
