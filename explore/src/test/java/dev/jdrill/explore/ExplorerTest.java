package dev.jdrill.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short explorations on the engine (virtual time, so they take seconds and never flap). */
class ExplorerTest {

    private static ExploreSettings settings(Side first, Side second, Family family, long count, Path out) {
        return new ExploreSettings(first, second, family, 7, OptionalLong.of(count), Optional.empty(), 2, 10_000, 40,
                out, "jdrill explore (test)");
    }

    private static ExploreSummary explore(ExploreSettings settings, StringWriter progress) throws Exception {
        return new Explorer(settings).run(new ProgressBar(new PrintWriter(progress), false, settings.count(), 0));
    }

    @Test
    void theEngineAgainstItselfNeverDiverges(@TempDir Path out) throws Exception {
        ExploreSummary s = explore(settings(Side.of("engine"), Side.of("engine"), Family.ALL, 60, out), new StringWriter());

        assertThat(s.generated).isEqualTo(60);
        assertThat(s.unusableScripts).isEmpty();
        assertThat(s.run()).isEqualTo(60);
        assertThat(s.groups).isEmpty();
        assertThat(s.nondeterministic).isEmpty();
    }

    @Test
    void anAlteredEngineSettingIsFoundAndShrunkToARegressionScript(@TempDir Path out) throws Exception {
        // The same engine with and without timestamps: every handshake differs in its options.
        Side altered = new Side("engine", Map.of("tcp_timestamps", "0"));
        ExploreSummary s = explore(settings(Side.of("engine"), altered, Family.LIFECYCLE, 20, out), new StringWriter());

        assertThat(s.groups).isNotEmpty();
        ExploreSummary.Group first = s.groups.values().iterator().next();
        assertThat(first.reproducedAfterShrinking).isTrue();
        assertThat(first.shrunkSteps).isLessThan(first.first.script().size());
        Path script = first.shrunkScript.orElseThrow();
        String text = Files.readString(script);
        assertThat(text).startsWith("--tolerance_usecs=10000\n// jdrill explore: ").contains("engine[tcp_timestamps=0] sent:");
        assertThat(RegressionScript.eventLines(text)).isLessThanOrEqualTo(15);
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("diverged");
    }

    @Test
    void theShrunkScriptPassesOnTheReferenceSideAndShowsTheDivergenceOnTheOther(@TempDir Path out) throws Exception {
        Side altered = new Side("engine", Map.of("tcp_timestamps", "0"));
        ExploreSummary s = explore(settings(Side.of("engine"), altered, Family.LIFECYCLE, 10, out), new StringWriter());
        String text = Files.readString(s.groups.values().iterator().next().shrunkScript.orElseThrow());

        var loaded = dev.jdrill.interpreter.ScriptLoader.fromText("shrunk.pkt", text, Map.of());
        assertThat(loaded.diagnostics()).isEmpty();
        var onReference = dev.jdrill.interpreter.ScriptRunner.run(loaded.script().orElseThrow(),
                dev.jdrill.interpreter.target.Targets.create("engine"), dev.jdrill.interpreter.RunOptions.defaults());
        assertThat(onReference.passed()).as(onReference.verdict().toString()).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameScriptsAndTheSameProgress(@TempDir Path out) throws Exception {
        assertThat(ScriptGenerator.generate(3, 17, Family.ALL)).isEqualTo(ScriptGenerator.generate(3, 17, Family.ALL));
        StringWriter once = new StringWriter();
        StringWriter again = new StringWriter();
        explore(settings(Side.of("engine"), Side.of("engine"), Family.DATA, 20, out.resolve("a")), once);
        explore(settings(Side.of("engine"), Side.of("engine"), Family.DATA, 20, out.resolve("b")), again);

        assertThat(once.toString()).isEqualTo(again.toString()).contains("generated 20");
    }

    @Test
    void generatedScriptsParse() {
        for (Family f : List.of(Family.LIFECYCLE, Family.DATA)) {
            for (int i = 0; i < 200; i++) {
                ExploreScript script = ScriptGenerator.generate(11, i, f);
                var loaded = dev.jdrill.interpreter.ScriptLoader.fromText("g.pkt", script.text(), Map.of());
                assertThat(loaded.diagnostics()).as(script.text()).isEmpty();
            }
        }
    }
}
