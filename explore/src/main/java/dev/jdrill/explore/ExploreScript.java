package dev.jdrill.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated script: one event per line, so that line {@code i + 1} of {@link #text()} is step {@code i}
 * and the shrinker can drop steps or change their values and still have a script to run. Times are
 * relative ({@code +0.050}) except the first, which a script must give as an absolute time.
 */
public record ExploreScript(List<Step> steps) {

    public ExploreScript {
        steps = List.copyOf(steps);
    }

    /** One event: its time as written ({@code +0.050}, {@code 0}) and the rest of the line. */
    public record Step(String time, String action) {

        /** The step's gap in microseconds when its time is relative, else 0. */
        public long gapMicros() {
            String t = time.startsWith("+") ? time.substring(1) : "0";
            return Math.round(Double.parseDouble(t) * 1e6);
        }

        public Step withTime(String newTime) {
            return new Step(newTime, action);
        }

        public Step withAction(String newAction) {
            return new Step(time, newAction);
        }
    }

    /** The shortest gap between an injected segment and a line that is not one. */
    static final long SETTLE_MICROS = 10_000;

    /**
     * The same script with at least {@link #SETTLE_MICROS} between an injected segment and the next line
     * that is not one: a call or a state line at {@code +0} after an injection races the kernel's
     * processing of it (and, in a replay, the reading of what it answered).
     */
    public ExploreScript settled() {
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean afterInjection = i > 0 && steps.get(i - 1).action().startsWith("<");
            if (afterInjection && !s.action().startsWith("<") && s.gapMicros() < SETTLE_MICROS) {
                s = s.withTime("+" + SETTLE_MICROS / 1e6);
            }
            out.add(s);
        }
        return new ExploreScript(out);
    }

    public int size() {
        return steps.size();
    }

    /** The step on this (1-based) line of {@link #text()}. */
    public Step stepOnLine(int line) {
        return steps.get(line - 1);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String time = i == 0 && s.time().startsWith("+") ? s.time().substring(1) : s.time();
            sb.append(time).append(' ').append(s.action()).append('\n');
        }
        return sb.toString();
    }

    public ExploreScript without(int from, int to) {
        List<Step> kept = new ArrayList<>(steps.subList(0, from));
        kept.addAll(steps.subList(to, steps.size()));
        return new ExploreScript(kept);
    }

    public ExploreScript with(int index, Step step) {
        List<Step> changed = new ArrayList<>(steps);
        changed.set(index, step);
        return new ExploreScript(changed);
    }

    public static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%.3f", micros / 1e6);
    }
}
