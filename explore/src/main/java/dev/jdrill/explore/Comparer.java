package dev.jdrill.explore;

import java.util.Optional;

/**
 * Runs a script on both sides and compares the runs; a difference is checked by running both sides
 * again, and only one that shows again, the same way, is a divergence. This is also the shrinker's oracle.
 */
public final class Comparer {
    private final Side first;
    private final Side second;
    private final SideRunner runner;
    private final RecordingComparison comparison;

    public Comparer(Side first, Side second, long toleranceUsecs) {
        this.first = first;
        this.second = second;
        this.runner = new SideRunner(toleranceUsecs);
        this.comparison = new RecordingComparison(toleranceUsecs);
    }

    public Side first() {
        return first;
    }

    public Side second() {
        return second;
    }

    public ScriptOutcome evaluate(long index, ExploreScript script) {
        Recording a = runner.record(first, script);
        Recording b = runner.record(second, script);
        Optional<String> unusable = a.unusable().map(r -> first.label() + ": " + r)
                .or(() -> b.unusable().map(r -> second.label() + ": " + r));
        if (unusable.isPresent()) {
            return new ScriptOutcome.Unusable(index, unusable.get());
        }
        Optional<Divergence> d = comparison.compare(a, b);
        if (d.isEmpty()) {
            return new ScriptOutcome.Same(index);
        }
        Recording a2 = runner.record(first, script);
        Recording b2 = runner.record(second, script);
        if (a2.unusable().isPresent() || b2.unusable().isPresent()) {
            return new ScriptOutcome.Nondeterministic(index, script, d.get(), "a side could not run it again: "
                    + a2.unusable().or(b2::unusable).orElse(""));
        }
        Optional<Divergence> again = comparison.compare(a2, b2);
        if (again.isPresent() && again.get().signature().equals(d.get().signature())) {
            return new ScriptOutcome.Diverged(index, script, d.get(), a, b);
        }
        return new ScriptOutcome.Nondeterministic(index, script, d.get(), explainFlap(a, a2, b, b2, again));
    }

    private String explainFlap(Recording a, Recording a2, Recording b, Recording b2, Optional<Divergence> again) {
        Optional<Divergence> selfA = comparison.compare(a, a2);
        Optional<Divergence> selfB = comparison.compare(b, b2);
        if (selfA.isPresent()) {
            return first.label() + " did something else on its rerun: "
                    + selfA.get().summary(first.label() + " (1st run)", first.label() + " (2nd run)");
        }
        if (selfB.isPresent()) {
            return second.label() + " did something else on its rerun: "
                    + selfB.get().summary(second.label() + " (1st run)", second.label() + " (2nd run)");
        }
        return again.map(x -> "the rerun differed otherwise: " + x.summary(first.label(), second.label()))
                .orElse("the rerun showed no difference");
    }

    /** Whether the script still shows a divergence with this signature (one run of each side). */
    public boolean shows(ExploreScript script, String signature) {
        return divergence(script).map(d -> d.signature().equals(signature)).orElse(false);
    }

    /** One run of each side, compared. */
    public Optional<Divergence> divergence(ExploreScript script) {
        Recording a = runner.record(first, script);
        Recording b = runner.record(second, script);
        if (a.unusable().isPresent() || b.unusable().isPresent()) {
            return Optional.empty();
        }
        return comparison.compare(a, b);
    }

    /** Both runs, for writing the regression script. */
    public Recording[] record(ExploreScript script) {
        return new Recording[] {runner.record(first, script), runner.record(second, script)};
    }
}
