package dev.jdrill.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an exploration found: the counts, the divergences grouped by signature, the nondeterministic runs. */
public final class ExploreSummary {

    /** All scripts whose divergence has one signature; the first of them is the one shrunk. */
    public static final class Group {
        public final String signature;
        public final ScriptOutcome.Diverged first;
        public final List<Long> indexes = new ArrayList<>();
        public Optional<Path> shrunkScript = Optional.empty();
        public long shrunkLines;
        public int shrunkSteps;
        public int shrinkCandidates;
        public String shrunkSummary = "";
        public boolean reproducedAfterShrinking;

        Group(String signature, ScriptOutcome.Diverged first) {
            this.signature = signature;
            this.first = first;
        }
    }

    public long generated;
    public long same;
    public long unusable;
    public final Map<String, Group> groups = new LinkedHashMap<>();
    public final List<ScriptOutcome.Nondeterministic> nondeterministic = new ArrayList<>();
    public final List<ScriptOutcome.Unusable> unusableScripts = new ArrayList<>();
    public long shrunk;
    public long exploreMillis;
    public long shrinkMillis;

    public long run() {
        return generated - unusable;
    }

    public long diverged() {
        return groups.values().stream().mapToLong(g -> g.indexes.size()).sum();
    }

    void add(ScriptOutcome outcome) {
        generated++;
        switch (outcome) {
            case ScriptOutcome.Same s -> same++;
            case ScriptOutcome.Diverged d -> groups.computeIfAbsent(d.divergence().signature(), k -> new Group(k, d))
                    .indexes.add(d.index());
            case ScriptOutcome.Nondeterministic n -> nondeterministic.add(n);
            case ScriptOutcome.Unusable u -> {
                unusable++;
                if (unusableScripts.size() < 20) {
                    unusableScripts.add(u);
                }
            }
        }
    }

    /** Divergent scripts as a share of those run, in percent. */
    public double divergencePercent() {
        return run() == 0 ? 0 : 100.0 * diverged() / run();
    }
}
