package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdrill explore} on the command line: usage errors are exit 2 and one line; a run prints its summary. */
class ExploreCommandTest {

    private static int jdrill(StringWriter out, StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        String[][] bad = {
            {"explore", "--target", "engine", "--count", "3", "--out", dir.toString()},
            {"explore", "--target", "engine,engine", "--out", dir.toString()},
            {"explore", "--target", "engine,nosuch", "--count", "3", "--out", dir.toString()},
            {"explore", "--target", "engine,engine", "--count", "3", "--time", "1m", "--out", dir.toString()},
            {"explore", "--target", "engine,engine", "--count", "3", "--family", "nope", "--out", dir.toString()},
            {"explore", "--target", "engine", "--compare", "tcp_sack", "tcp_sack=0", "--count", "3", "--out", dir.toString()},
        };
        for (String[] args : bad) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(jdrill(out, err, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).startsWith("jdrill: ").doesNotContain("Exception");
        }
    }

    @Test
    void oneTargetWithTwoSettingsShowsWhatTheTunableChanges(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int exit = jdrill(out, new StringWriter(), "explore", "--target", "engine", "--compare", "tcp_sack=1",
                "tcp_sack=0", "--count", "10", "--shrink-runs", "10", "--out", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("explore engine[tcp_sack=1] vs engine[tcp_sack=0], family lifecycle, seed 1: 10 generated");
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".pkt"))).isNotEmpty();
    }
}
