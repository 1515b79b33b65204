package dev.jdrill.explore;

/** How one generated script fared on the two sides. */
public sealed interface ScriptOutcome {

    long index();

    /** Both sides did the same. */
    record Same(long index) implements ScriptOutcome {
    }

    /** The sides differ, and did again on a rerun of both. */
    record Diverged(long index, ExploreScript script, Divergence divergence, Recording first, Recording second)
            implements ScriptOutcome {
    }

    /**
     * The sides differed once, but not the same way on a rerun: a side is not deterministic (a kernel's
     * timing). Reported apart, never shrunk.
     *
     * @param explanation which side changed between its two runs, and how
     */
    record Nondeterministic(long index, ExploreScript script, Divergence divergence, String explanation)
            implements ScriptOutcome {
    }

    /** A side could not run the script (a SKIP, a target error): nothing to compare. */
    record Unusable(long index, String reason) implements ScriptOutcome {
    }
}
