package dev.jdrill.interpreter;

import java.util.List;

/**
 * The outcome of one script on one target.
 *
 * @param simulatedMicros script time covered (virtual on the engine, elapsed on the kernel)
 * @param wallMillis wall-clock time the run took
 * @param log {@code --verbose} lines: each packet and each injection's lateness
 */
public record RunResult(String scriptPath, String targetName, Verdict verdict, long simulatedMicros, long wallMillis,
                        List<TraceEntry> trace, List<String> log) {
    public RunResult {
        trace = List.copyOf(trace);
        log = List.copyOf(log);
    }

    public boolean passed() {
        return verdict instanceof Verdict.Pass;
    }
}
