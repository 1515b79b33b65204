package dev.jdrill.report.divergence;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds the segments the engine sent against those the kernel sent, script line by script line, for
 * {@code --target engine,linux}: the n-th segment one stack sent for a line is paired with the n-th the
 * other sent for it, and every field is compared — flags, relative seq and length, ack, window, every
 * option (TS val as its change since the connection's first, held against each run's own clock; TS
 * ecr exactly) and the time since the event before it, within the tolerance packetdrill would allow. A difference is a
 * {@link Divergence} even when both runs pass. Where a run failed, only the lines before its failure
 * are compared (after it the two runs did different things by construction).
 */
public final class StreamComparison {
    /** packetdrill's tolerance_percent: 12.5 % of the time since the previous segment. */
    private static final double TOLERANCE_FRACTION = 0.125;

    private StreamComparison() {
    }

    public static List<Divergence> compare(RunResult engine, RunResult linux, long toleranceUsecs) {
        if (engine.verdict() instanceof Verdict.Skip || linux.verdict() instanceof Verdict.Skip) {
            return List.of();
        }
        int lastComparable = Math.min(failureLine(engine), failureLine(linux));
        Map<Integer, List<StreamSegment>> e = byLine(SentStreams.of(engine.trace()), lastComparable);
        Map<Integer, List<StreamSegment>> l = byLine(SentStreams.of(linux.trace()), lastComparable);
        List<Integer> lines = new ArrayList<>(e.keySet());
        l.keySet().stream().filter(k -> !e.containsKey(k)).forEach(lines::add);
        lines.sort(Integer::compare);
        List<Divergence> out = new ArrayList<>();
        for (int line : lines) {
            List<StreamSegment> es = e.getOrDefault(line, List.of());
            List<StreamSegment> ls = l.getOrDefault(line, List.of());
            for (int i = 0; i < Math.max(es.size(), ls.size()); i++) {
                Optional<StreamSegment> a = i < es.size() ? Optional.of(es.get(i)) : Optional.empty();
                Optional<StreamSegment> b = i < ls.size() ? Optional.of(ls.get(i)) : Optional.empty();
                if (a.isEmpty() || b.isEmpty()) {
                    out.add(new Divergence(line, (a.isPresent() ? "only the engine" : "only the kernel") + " sent this segment", a, b));
                    continue;
                }
                String diff = differences(a.get(), b.get(), toleranceUsecs);
                if (!diff.isEmpty()) {
                    out.add(new Divergence(line, diff, a, b));
                }
            }
        }
        return out;
    }

    static String differences(StreamSegment e, StreamSegment l, long toleranceUsecs) {
        List<String> d = new ArrayList<>();
        if (!e.flags().equals(l.flags())) {
            d.add("flags " + e.flags() + " vs " + l.flags());
        }
        if (e.seq() != l.seq()) {
            d.add("seq " + e.seq() + " vs " + l.seq());
        }
        if (e.length() != l.length()) {
            d.add("length " + e.length() + " vs " + l.length());
        }
        if (e.ack() != l.ack()) {
            d.add("ack " + (e.ack() < 0 ? "none" : e.ack()) + " vs " + (l.ack() < 0 ? "none" : l.ack()));
        }
        if (e.window() != l.window()) {
            d.add("window " + e.window() + " vs " + l.window());
        }
        if (!e.options().equals(l.options())) {
            d.add("options <" + String.join(",", e.options()) + "> vs <" + String.join(",", l.options()) + ">");
        } else if (e.tsValDelta() >= 0) {
            // Each TS val delta should follow its own run's clock; compare how far each strays from it
            // (in 1 ms ticks, with one tick of rounding either way), not the deltas themselves, which a
            // loaded host's drift moves apart.
            long eOffset = e.tsValDelta() - e.tsElapsedMicros() / 1000;
            long lOffset = l.tsValDelta() - l.tsElapsedMicros() / 1000;
            if (Math.abs(eOffset - lOffset) > Math.max(2, toleranceUsecs / 1000)) {
                d.add("TS val +" + e.tsValDelta() + " vs +" + l.tsValDelta() + " since the first (after "
                        + e.tsElapsedMicros() / 1000 + " vs " + l.tsElapsedMicros() / 1000 + " ms)");
            }
            if (e.tsEcr() != l.tsEcr()) {
                d.add("TS ecr " + e.tsEcr() + " vs " + l.tsEcr());
            }
        }
        long gapE = e.sinceEventMicros();
        long gapL = l.sinceEventMicros();
        long slack = Math.max(toleranceUsecs, (long) (TOLERANCE_FRACTION * Math.max(gapE, gapL)));
        if (Math.abs(gapE - gapL) > slack) {
            d.add(String.format(java.util.Locale.ROOT, "sent %.6f vs %.6f s after the event before it (tolerance %.6f)",
                    gapE / 1e6, gapL / 1e6, slack / 1e6));
        }
        return String.join("; ", d);
    }

    private static int failureLine(RunResult r) {
        return r.verdict() instanceof Verdict.Fail f ? f.failure().span().line() : Integer.MAX_VALUE;
    }

    private static Map<Integer, List<StreamSegment>> byLine(List<StreamSegment> segments, int lastComparable) {
        Map<Integer, List<StreamSegment>> out = new LinkedHashMap<>();
        for (StreamSegment s : segments) {
            if (s.line() < lastComparable) {
                out.computeIfAbsent(s.line(), k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }
}
