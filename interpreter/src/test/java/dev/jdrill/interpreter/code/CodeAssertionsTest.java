package dev.jdrill.interpreter.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.grammar.LineParseResult;
import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.ast.Code;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeAssertionsTest {
    private static final Map<String, Long> INFO = Map.of("tcpi_probes", 6L, "tcpi_backoff", 0L, "tcpi_rto", 1_000_000L,
            "tcpi_state", 1L, "tcpi_snd_cwnd", 10L);

    /** The block parsed as a script line would be, then evaluated. */
    private static Optional<String> evaluate(String block, Map<String, Long> info) throws CodeAssertions.UnsupportedCode {
        LineParseResult parsed = ScriptParser.parseLine("t.pkt", "%{ " + block + " }%", 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        return CodeAssertions.evaluate((Code) parsed.event().orElseThrow().action(), info)
                .map(CodeAssertions.Failure::message);
    }

    @Test
    void aFailureIsLocatedAtTheAssertionThatFailedNotAtTheBlock() throws Exception {
        LineParseResult parsed = ScriptParser.parseLine("t.pkt",
                "%{ assert tcpi_probes == 6\n   assert tcpi_backoff == 3 }%", 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        CodeAssertions.Failure failure = CodeAssertions.evaluate((Code) parsed.event().orElseThrow().action(), INFO)
                .orElseThrow();
        assertThat(failure.message()).isEqualTo("assert tcpi_backoff == 3 failed: tcpi_backoff is 0");
        assertThat(failure.span().line()).isEqualTo(2);
        assertThat(failure.span().column()).isEqualTo(4);
    }

    @Test
    void passingAssertionsReportNothing() throws Exception {
        assertThat(evaluate("assert tcpi_probes == 6, tcpi_probes; \\\n assert tcpi_backoff == 0", INFO)).isEmpty();
        assertThat(evaluate("assert 900000 <= tcpi_rto <= 1100000", INFO)).isEmpty();
        assertThat(evaluate("assert tcpi_state == TCP_ESTABLISHED and not tcpi_backoff", INFO)).isEmpty();
        assertThat(evaluate("assert (tcpi_snd_cwnd * 2 - 4) // 4 == 4 or tcpi_probes > 100", INFO)).isEmpty();
        assertThat(evaluate("assert (tcpi_probes & 2) == 2 and tcpi_probes | 1 == 7 and 1 << 3 == 8", INFO)).isEmpty();
        assertThat(evaluate("assert (tcpi_probes & TCPI_OPT_TIMESTAMPS) == 0, tcpi_probes", INFO)).isEmpty();
    }

    @Test
    void failingAssertionNamesTheValuesItRead() throws Exception {
        assertThat(evaluate("assert tcpi_probes == 5, tcpi_probes", INFO))
                .hasValue("assert tcpi_probes == 5 failed: tcpi_probes is 6");
        assertThat(evaluate("assert 1 < tcpi_snd_cwnd < 5", INFO)).isPresent();
    }

    @Test
    void secondStatementIsEvaluatedToo() throws Exception {
        assertThat(evaluate("assert tcpi_probes == 6\nassert tcpi_backoff == 1", INFO))
                .hasValueSatisfying(s -> assertThat(s).contains("tcpi_backoff == 1"));
    }

    @Test
    void anythingButAssertIsUnsupportedNotSilentlyPassed() {
        assertThatThrownBy(() -> evaluate("import os", INFO)).isInstanceOf(CodeAssertions.UnsupportedCode.class);
        assertThatThrownBy(() -> evaluate("assert tcpi_nonexistent == 1", INFO))
                .hasMessageContaining("tcpi_nonexistent");
        assertThatThrownBy(() -> evaluate("print(tcpi_probes); cwnd += 10", INFO))
                .hasMessage("only assert statements are evaluated natively, not: cwnd += 10");
        assertThatThrownBy(() -> evaluate("assert tcpi_probes // tcpi_backoff == 1", INFO)).hasMessageContaining("division by zero");
    }

    @Test
    void assignedNamesAndConstantsAreUsable() throws Exception {
        assertThat(evaluate("TCP_INFINITE_SSTHRESH = 0x7fffffff\nassert tcpi_snd_cwnd < TCP_INFINITE_SSTHRESH >> 20", INFO)).isEmpty();
        assertThat(evaluate("assert tcpi_state == TCP_CA_Disorder and True", INFO)).isEmpty();
    }

    @Test
    void anAssertThatFailsBeforePythonItCannotRunIsAFailure() throws Exception {
        assertThat(evaluate("assert tcpi_probes == 1; import os", INFO)).isPresent();
    }
}
