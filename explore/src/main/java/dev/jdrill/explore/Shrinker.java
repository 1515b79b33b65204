package dev.jdrill.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a script that shows a divergence down to the smallest one that still shows it: delta debugging
 * (Zeller's ddmin, complements only) over the lines, then over values (a gap made shorter, a length or a
 * write made smaller, a segment's options dropped). A candidate counts only when it shows the same
 * divergence ({@link Divergence#signature()}), not merely some difference. Every candidate costs a run on
 * each side, so the search stops after a given number of candidates and keeps the smallest script found.
 */
public final class Shrinker {
    private static final Pattern LENGTH = Pattern.compile("( len | \\.\\.\\., )(\\d+)(\\)|\\b)");
    private static final Pattern OPTIONS = Pattern.compile(" <[^<>]*>$");
    private static final long[] NICE_GAPS = {0, 10_000, 100_000, 500_000, 1_000_000};
    private static final int[] NICE_LENGTHS = {1, 100};

    private final Predicate<ExploreScript> reproduces;
    private final int maxCandidates;
    private int candidates;

    /**
     * @param reproduces whether a candidate still shows the divergence (runs it on both sides)
     * @param maxCandidates how many candidates may be run at most
     */
    public Shrinker(Predicate<ExploreScript> reproduces, int maxCandidates) {
        this.reproduces = reproduces;
        this.maxCandidates = maxCandidates;
    }

    /** Candidates run so far. */
    public int candidatesRun() {
        return candidates;
    }

    public ExploreScript shrink(ExploreScript script) {
        ExploreScript smaller = lines(script);
        smaller = values(smaller);
        return withoutOrphanedFcntl(lines(smaller)).settled();
    }

    /** The kept fcntl line of an accepted fd whose accept line went: it only fails, so it goes too. */
    private ExploreScript withoutOrphanedFcntl(ExploreScript script) {
        if (script.steps().stream().anyMatch(s -> s.action().startsWith("accept("))) {
            return script;
        }
        List<Integer> orphans = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            if (script.steps().get(i).action().startsWith("fcntl(4,")) {
                orphans.add(i);
            }
        }
        if (orphans.isEmpty()) {
            return script;
        }
        ExploreScript candidate = withoutSteps(script, orphans);
        candidates--; // one more run than the budget allows is worth a line less
        return test(candidate) ? candidate : script;
    }

    private boolean test(ExploreScript candidate) {
        if (candidates >= maxCandidates) {
            return false;
        }
        candidates++;
        return reproduces.test(candidate.settled());
    }

    /** ddmin over the removable lines: remove one of n chunks at a time, refine n when none can go. */
    private ExploreScript lines(ExploreScript script) {
        ExploreScript current = script;
        int n = 2;
        while (candidates < maxCandidates) {
            List<Integer> removable = removable(current);
            if (removable.isEmpty()) {
                break;
            }
            n = Math.min(n, removable.size());
            boolean reduced = false;
            for (int chunk = 0; chunk < n && !reduced; chunk++) {
                int from = chunk * removable.size() / n;
                int to = (chunk + 1) * removable.size() / n;
                ExploreScript candidate = withoutSteps(current, removable.subList(from, to));
                if (test(candidate)) {
                    current = candidate;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (n >= removable.size()) {
                    break;
                }
                n = Math.min(2 * n, removable.size());
            }
        }
        return current;
    }

    /**
     * Lines the shrinker may drop: all but those that make a socket non-blocking, without which a call
     * could block the run (a kernel's call would then hang until its watchdog).
     */
    private static List<Integer> removable(ExploreScript script) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            if (!script.steps().get(i).action().contains("O_NONBLOCK")) {
                out.add(i);
            }
        }
        return out;
    }

    private static ExploreScript withoutSteps(ExploreScript script, List<Integer> indexes) {
        List<ExploreScript.Step> kept = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            if (!indexes.contains(i)) {
                kept.add(script.steps().get(i));
            }
        }
        return new ExploreScript(kept);
    }

    /** One value at a time, each to the simplest value that still shows the divergence. */
    private ExploreScript values(ExploreScript script) {
        ExploreScript current = script;
        for (int i = 0; i < current.size() && candidates < maxCandidates; i++) {
            for (ExploreScript.Step simpler : simplerSteps(current.steps().get(i))) {
                ExploreScript candidate = current.with(i, simpler);
                if (test(candidate)) {
                    current = candidate;
                    break;
                }
            }
        }
        return current;
    }

    /** Simpler forms of a line, simplest first: shorter gaps, smaller lengths, no options on a segment. */
    static List<ExploreScript.Step> simplerSteps(ExploreScript.Step step) {
        List<ExploreScript.Step> out = new ArrayList<>();
        long gap = step.gapMicros();
        for (long nice : NICE_GAPS) {
            if (nice < gap && step.time().startsWith("+")) {
                out.add(step.withTime(Conversation.time(nice)));
            }
        }
        Matcher m = LENGTH.matcher(step.action());
        if (m.find()) {
            long length = Long.parseLong(m.group(2));
            for (int nice : NICE_LENGTHS) {
                if (nice < length) {
                    out.add(step.withAction(smallerLength(step.action(), m, nice)));
                }
            }
        }
        Optional<String> bare = withoutOptions(step.action());
        bare.ifPresent(b -> out.add(step.withAction(b)));
        return out;
    }

    /** The same line with another length, and for a write the same return value. */
    private static String smallerLength(String action, Matcher m, int length) {
        String replaced = action.substring(0, m.start(2)) + length + action.substring(m.end(2));
        if (action.startsWith("write(") && action.endsWith(") = " + m.group(2))) {
            replaced = replaced.substring(0, replaced.lastIndexOf(" = ")) + " = " + length;
        }
        return replaced;
    }

    /** An inbound segment without its option list (a SYN keeps its options: they make the connection). */
    private static Optional<String> withoutOptions(String action) {
        if (!action.startsWith("<") || action.startsWith("< S")) {
            return Optional.empty();
        }
        Matcher m = OPTIONS.matcher(action);
        return m.find() ? Optional.of(action.substring(0, m.start())) : Optional.empty();
    }
}
