package dev.jdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapReportTest {
    @TempDir
    Path dir;

    @Test
    void planThenOneLinePerScriptAndTargetWithTheDiagnosticInYaml() throws Exception {
        Path file = dir.resolve("out/run.tap");
        TapReport tap = new TapReport(file);
        tap.record(SampleOutcomes.passed("scripts/a.pkt", "engine", List.of()));
        tap.record(SampleOutcomes.failed("scripts/b.pkt", "linux"));
        tap.record(SampleOutcomes.skipped("scripts/c#1.pkt", "engine", "needs\nIPv6"));
        tap.close();

        String text = Files.readString(file);
        assertThat(text.lines().toList()).startsWith(
                "TAP version 13",
                "1..3",
                "ok 1 - scripts/a.pkt [engine]",
                "not ok 2 - scripts/b.pkt [linux]",
                "  ---",
                "  message: \"scripts/b.pkt:4:1: error: expected segment did not arrive\"",
                "  diagnostic: |-");
        assertThat(text).contains("    +1 > S 0:0(0) <...>\n")
                .contains("    ^\n")
                .contains("      actual: > R 1:1(0)\n")
                .contains("  ...\nok 3 - scripts/c\\#1.pkt [engine] # SKIP needs IPv6\n");
    }

    @Test
    void aParseErrorFailsWithItsDiagnostic() throws Exception {
        TapReport tap = new TapReport(dir.resolve("p.tap"));
        tap.record(SampleOutcomes.unparsable("d.pkt", "engine"));
        assertThat(tap.render()).contains("not ok 1 - d.pkt [engine]",
                "  message: \"d.pkt:1:3: error: unknown event 'bogus'\"", "    0 bogus\n      ^\n");
    }
}
