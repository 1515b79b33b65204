package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.RunResult;

/** {@link SampleRuns} for tests outside this package. */
public final class SampleRunsAccess {
    private SampleRunsAccess() {
    }

    public static RunResult passed(String path) {
        return SampleRuns.passed(path, SampleRuns.passiveOpenAndClose().build());
    }
}
