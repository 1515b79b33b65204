package dev.jdrill.interpreter;

/** Ends a run early with a failure or a skip; thrown by steps, caught once by {@link ScriptRunner}. */
final class StopRun extends Exception {
    private final transient Verdict verdict;

    StopRun(Verdict verdict) {
        super(null, null, false, false);
        this.verdict = verdict;
    }

    static StopRun fail(RunFailure failure) {
        return new StopRun(new Verdict.Fail(failure));
    }

    static StopRun skip(String reason) {
        return new StopRun(new Verdict.Skip(reason));
    }

    Verdict verdict() {
        return verdict;
    }
}
