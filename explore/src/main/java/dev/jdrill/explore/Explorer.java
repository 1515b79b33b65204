package dev.jdrill.explore;

import dev.jdrill.interpreter.TargetWarmup;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An exploration: generate scripts, run each on both sides ({@link Comparer}), in parallel but taken in
 * script order, until the count or the time is reached; then shrink the first script of every kind of
 * divergence and write it to the output directory as a regression script, and the nondeterministic ones
 * as they were generated (never shrunk).
 */
public final class Explorer {
    private final ExploreSettings settings;
    private final Comparer comparer;

    public Explorer(ExploreSettings settings) {
        this.settings = settings;
        this.comparer = new Comparer(settings.first(), settings.second(), settings.toleranceUsecs());
    }

    public ExploreSummary run(ProgressBar progress) throws InterruptedException, IOException {
        warmUp();
        Files.createDirectories(settings.outDir());
        ExploreSummary summary = new ExploreSummary();
        ExecutorService pool = Executors.newFixedThreadPool(settings.jobs(), r -> {
            Thread t = new Thread(r, "jdrill-explore");
            t.setDaemon(true);
            return t;
        });
        try {
            explore(pool, summary, progress);
            progress.finish();
            shrinkAll(pool, summary, progress);
            progress.finish();
            writeNondeterministic(summary);
            Files.writeString(settings.outDir().resolve("summary.txt"), ExploreReport.text(settings, summary));
        } finally {
            pool.shutdownNow();
        }
        return summary;
    }

    /** The first script on a wall-clock target pays for class loading and JIT; packetdrill, in C, does not. */
    private void warmUp() {
        for (Side side : List.of(settings.first(), settings.second())) {
            if (!virtualTime(side)) {
                TargetWarmup.ensure(side.target());
            }
        }
    }

    static boolean virtualTime(Side side) {
        Target t = Targets.create(side.target());
        try {
            return t.virtualTime();
        } finally {
            t.close();
        }
    }

    private void explore(ExecutorService pool, ExploreSummary summary, ProgressBar progress) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = settings.time().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        long limit = settings.count().orElse(Long.MAX_VALUE);
        Deque<Future<ScriptOutcome>> inFlight = new ArrayDeque<>();
        long next = 0;
        while (true) {
            while (inFlight.size() < 2L * settings.jobs() && next < limit && System.nanoTime() < deadline) {
                long index = next++;
                inFlight.add(pool.submit(() -> comparer.evaluate(index,
                        ScriptGenerator.generate(settings.seed(), index, settings.family()))));
            }
            if (inFlight.isEmpty()) {
                break;
            }
            ScriptOutcome outcome;
            try {
                outcome = inFlight.poll().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("an explore run crashed: " + e.getCause(), e.getCause());
            }
            summary.add(outcome);
            progress.explored(summary, (System.nanoTime() - start) / 1_000_000);
        }
        summary.exploreMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private void shrinkAll(ExecutorService pool, ExploreSummary summary, ProgressBar progress) throws InterruptedException {
        long start = System.nanoTime();
        List<ExploreSummary.Group> groups = new ArrayList<>(summary.groups.values());
        List<Future<?>> done = new ArrayList<>();
        int number = 0;
        for (ExploreSummary.Group g : groups) {
            int n = ++number;
            done.add(pool.submit(() -> {
                shrink(g, n);
                return null;
            }));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a shrink crashed: " + e.getCause(), e.getCause());
            }
            summary.shrunk++;
            progress.shrinking(summary, summary.shrunk, groups.size());
        }
        summary.shrinkMillis = (System.nanoTime() - start) / 1_000_000;
    }

    private void shrink(ExploreSummary.Group g, int number) throws IOException {
        ScriptOutcome.Diverged found = g.first;
        Shrinker shrinker = new Shrinker(s -> comparer.shows(s, g.signature), settings.shrinkCandidates());
        ExploreScript small = shrinker.shrink(found.script());
        g.shrinkCandidates = shrinker.candidatesRun();
        Recording[] runs = comparer.record(small);
        var d = new RecordingComparison(settings.toleranceUsecs()).compare(runs[0], runs[1]);
        g.reproducedAfterShrinking = d.isPresent() && d.get().signature().equals(g.signature);
        Divergence shown = g.reproducedAfterShrinking ? d.get() : found.divergence();
        if (!g.reproducedAfterShrinking) {
            // The last check did not show it (a kernel's timing): write the script as found instead.
            small = found.script();
            runs = new Recording[] {found.first(), found.second()};
        }
        boolean firstIsReference = !virtualTime(settings.first()) || virtualTime(settings.second());
        Recording reference = firstIsReference ? runs[0] : runs[1];
        Recording other = firstIsReference ? runs[1] : runs[0];
        g.shrunkSummary = shown.summary(settings.first().label(), settings.second().label());
        List<String> header = List.of(
                "jdrill explore: " + g.shrunkSummary,
                "found by: " + settings.commandLine() + " --seed " + settings.seed() + " (script #" + found.index()
                        + ", " + g.indexes.size() + " scripts diverged this way); shrunk from " + found.script().size()
                        + " to " + small.size() + " lines (before the > lines) in " + g.shrinkCandidates + " runs"
                        + (g.reproducedAfterShrinking ? "" : " (not reproduced on the last check: written unshrunk)"));
        String text = RegressionScript.render(small, reference, other, header, settings.toleranceUsecs());
        Path file = settings.outDir().resolve(String.format(Locale.ROOT, "%02d-%s.pkt", number, slug(g.signature)));
        Files.writeString(file, text);
        g.shrunkScript = java.util.Optional.of(file);
        g.shrunkLines = RegressionScript.eventLines(text);
        g.shrunkSteps = small.size();
    }

    private void writeNondeterministic(ExploreSummary summary) throws IOException {
        if (summary.nondeterministic.isEmpty()) {
            return;
        }
        Path dir = settings.outDir().resolve("nondeterministic");
        Files.createDirectories(dir);
        for (ScriptOutcome.Nondeterministic n : summary.nondeterministic) {
            String text = "// jdrill explore: not reproduced on a rerun (never shrunk): "
                    + n.divergence().summary(settings.first().label(), settings.second().label()) + "\n// "
                    + n.explanation() + "\n// " + settings.commandLine() + " --seed " + settings.seed() + ", script #"
                    + n.index() + "\n" + n.script().text();
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "script-%d.pkt", n.index())), text);
        }
    }

    static String slug(String signature) {
        String s = signature.toLowerCase(Locale.ROOT).replace(".", "-ack").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
