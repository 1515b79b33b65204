package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing {@code %{ }%} assertion is reported where it stands, not at the block's {@code %{}. */
class CodeFailureLocationTest {

    @Test
    void theCaretPointsAtTheAssertionThatFailed(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("rto.pkt");
        Files.writeString(script, """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 %{
                assert tcpi_state == TCP_CLOSE
                assert tcpi_rto == 1
                }%
                """);
        StringWriter out = new StringWriter();
        int exit = Main.execute(new String[] {"run", script.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter()));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains(script + ":4:1: error: assert tcpi_rto == 1 failed")
                .contains("assert tcpi_rto == 1\n^");
    }
}
