package dev.jdrill.target.engine;

import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.target.engine.EngineTarget;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints figures, asserts nothing: how fast the engine target runs the scenario library (simulated
 * seconds per wall second), whether the heap in use stays flat over many rounds in one JVM, and the
 * wall time of the longest simulated script.
 *
 * <pre>
 *   mvn -q -o -pl interpreter test-compile
 *   java -cp "$(cat cp.txt):interpreter/target/classes:interpreter/target/test-classes" \
 *        dev.jdrill.interpreter.bench.EngineBenchmark [scripts-dir] [rounds]
 * </pre>
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "scripts");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<Script> scripts = load(dir);
        System.out.printf("%d scripts under %s, %d rounds%n", scripts.size(), dir, rounds);

        // Warm-up, then one timed round.
        runAll(scripts);
        long t0 = System.nanoTime();
        Totals once = runAll(scripts);
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("one round: %d passed of %d, simulated %.1f s in %.1f ms wall → %.0f simulated s per wall s%n",
                once.passed, scripts.size(), once.simulatedMicros / 1e6, wall * 1e3, once.simulatedMicros / 1e6 / wall);
        Script longest = scripts.stream().max((a, b) -> Long.compare(simulated(a), simulated(b))).orElseThrow();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long s = System.nanoTime();
            ScriptRunner.run(longest, new EngineTarget(), RunOptions.defaults());
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf("longest script %s: simulated %.1f s, best wall %.2f ms%n", longest.path(),
                simulated(longest) / 1e6, best / 1e6);

        var memory = ManagementFactory.getMemoryMXBean();
        long start = System.nanoTime();
        for (int r = 1; r <= rounds; r++) {
            runAll(scripts);
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("round %3d: heap in use after GC %,d bytes%n", r, used);
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d rounds in %.2f s wall (%.2f ms per round, GC included)%n", rounds, total, total * 1e3 / rounds);
    }

    private record Totals(int passed, long simulatedMicros) {
    }

    private static Totals runAll(List<Script> scripts) {
        int passed = 0;
        long simulated = 0;
        for (Script s : scripts) {
            RunResult r = ScriptRunner.run(s, new EngineTarget(), RunOptions.defaults());
            passed += r.passed() ? 1 : 0;
            simulated += r.simulatedMicros();
        }
        return new Totals(passed, simulated);
    }

    private static long simulated(Script s) {
        return ScriptRunner.run(s, new EngineTarget(), RunOptions.defaults()).simulatedMicros();
    }

    private static List<Script> load(Path dir) throws IOException {
        List<Script> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pkt")).sorted().toList()) {
                ScriptLoader.load(f, Map.of()).script().ifPresent(out::add);
            }
        }
        return out;
    }
}
