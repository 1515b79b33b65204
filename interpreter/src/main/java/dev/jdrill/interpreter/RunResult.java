package dev.jdrill.interpreter;

import java.util.List;

/**
 * The outcome of one script on one target.
 *
 * @param simulatedMicros script time covered (virtual on the engine, elapsed on the kernel)
 * @param wallMillis wall-clock time the run took
 */
public record RunResult(String scriptPath, String targetName, Verdict verdict, long simulatedMicros, long wallMillis,
                        List<TraceEntry> trace) {
    public RunResult {
        trace = List.copyOf(trace);
    }

    public boolean passed() {
        return verdict instanceof Verdict.Pass;
    }
}
