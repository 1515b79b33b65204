package dev.jdrill.interpreter.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeAssertionsTest {
    private static final Map<String, Long> INFO = Map.of("tcpi_probes", 6L, "tcpi_backoff", 0L, "tcpi_rto", 1_000_000L,
            "tcpi_state", 1L, "tcpi_snd_cwnd", 10L);

    @Test
    void passingAssertionsReportNothing() throws Exception {
        assertThat(CodeAssertions.evaluate("assert tcpi_probes == 6, tcpi_probes; \\\n assert tcpi_backoff == 0", INFO)).isEmpty();
        assertThat(CodeAssertions.evaluate("assert 900000 <= tcpi_rto <= 1100000", INFO)).isEmpty();
        assertThat(CodeAssertions.evaluate("assert tcpi_state == TCP_ESTABLISHED and not tcpi_backoff", INFO)).isEmpty();
        assertThat(CodeAssertions.evaluate("assert (tcpi_snd_cwnd * 2 - 4) // 4 == 4 or tcpi_probes > 100", INFO)).isEmpty();
        assertThat(CodeAssertions.evaluate("assert (tcpi_probes & 2) == 2 and tcpi_probes | 1 == 7 and 1 << 3 == 8", INFO)).isEmpty();
        assertThat(CodeAssertions.evaluate("assert (tcpi_probes & TCPI_OPT_TIMESTAMPS) == 0, tcpi_probes", INFO)).isEmpty();
    }

    @Test
    void failingAssertionNamesTheValuesItRead() throws Exception {
        assertThat(CodeAssertions.evaluate("assert tcpi_probes == 5, tcpi_probes", INFO))
                .hasValue("assert tcpi_probes == 5 failed: tcpi_probes is 6");
        assertThat(CodeAssertions.evaluate("assert 1 < tcpi_snd_cwnd < 5", INFO)).isPresent();
    }

    @Test
    void secondStatementIsEvaluatedToo() throws Exception {
        assertThat(CodeAssertions.evaluate("assert tcpi_probes == 6\nassert tcpi_backoff == 1", INFO))
                .hasValueSatisfying(s -> assertThat(s).contains("tcpi_backoff == 1"));
    }

    @Test
    void anythingButAssertIsUnsupportedNotSilentlyPassed() {
        assertThatThrownBy(() -> CodeAssertions.evaluate("import os", INFO)).isInstanceOf(CodeAssertions.UnsupportedCode.class);
        assertThatThrownBy(() -> CodeAssertions.evaluate("assert tcpi_nonexistent == 1", INFO))
                .hasMessageContaining("tcpi_nonexistent");
        assertThatThrownBy(() -> CodeAssertions.evaluate("assert tcpi_probes ==", INFO)).isInstanceOf(CodeAssertions.UnsupportedCode.class);
    }
}
