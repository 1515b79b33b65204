package dev.jdrill.explore;

import java.util.Locale;
import java.util.stream.Collectors;

/** The exploration's closing report: one summary line, each kind of divergence, the nondeterministic runs. */
public final class ExploreReport {
    private static final int LISTED_INDEXES = 8;

    private ExploreReport() {
    }

    public static String summaryLine(ExploreSettings settings, ExploreSummary s) {
        return String.format(Locale.ROOT,
                "explore %s vs %s, family %s, seed %d: %d generated, %d run, %d same, %d diverged (%.1f %%, %d kinds), "
                        + "%d nondeterministic, %d unusable; %d shrunk; explored in %.0f s, shrunk in %.0f s",
                settings.first().label(), settings.second().label(), settings.family().cliName(), settings.seed(),
                s.generated, s.run(), s.same, s.diverged(), s.divergencePercent(), s.groups.size(),
                s.nondeterministic.size(), s.unusable, s.shrunk, s.exploreMillis / 1e3, s.shrinkMillis / 1e3);
    }

    public static String text(ExploreSettings settings, ExploreSummary s) {
        StringBuilder sb = new StringBuilder(summaryLine(settings, s)).append('\n');
        int n = 0;
        for (ExploreSummary.Group g : s.groups.values()) {
            n++;
            sb.append(String.format(Locale.ROOT, "[%d] %s: %d script%s (%s)%n", n, g.signature, g.indexes.size(),
                    g.indexes.size() == 1 ? "" : "s", indexes(g)));
            sb.append("    ").append(g.shrunkSummary.isEmpty()
                    ? g.first.divergence().summary(settings.first().label(), settings.second().label())
                    : g.shrunkSummary).append('\n');
            g.shrunkScript.ifPresent(p -> sb.append(String.format(Locale.ROOT,
                    "    shrunk from %d to %d lines, %d with the > lines (%d runs)%s: %s%n",
                    g.first.script().size(), g.shrunkSteps, g.shrunkLines, g.shrinkCandidates,
                    g.reproducedAfterShrinking ? "" : ", NOT reproduced on the last check", p)));
        }
        if (!s.nondeterministic.isEmpty()) {
            sb.append("nondeterministic (not reproduced on a rerun, not shrunk):\n");
            for (ScriptOutcome.Nondeterministic x : s.nondeterministic) {
                sb.append("  #").append(x.index()).append(": ")
                        .append(x.divergence().summary(settings.first().label(), settings.second().label()))
                        .append("\n      ").append(x.explanation()).append('\n');
            }
        }
        if (!s.unusableScripts.isEmpty()) {
            sb.append("unusable (not compared):\n");
            for (ScriptOutcome.Unusable u : s.unusableScripts) {
                sb.append("  #").append(u.index()).append(": ").append(u.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String indexes(ExploreSummary.Group g) {
        String listed = g.indexes.stream().limit(LISTED_INDEXES).map(i -> "#" + i).collect(Collectors.joining(", "));
        return g.indexes.size() > LISTED_INDEXES ? listed + ", ..." : listed;
    }
}
