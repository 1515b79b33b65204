package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.RunResult;
import java.util.Optional;

/**
 * One script on one target as the HTML report lists it.
 *
 * @param result the run, empty when the script could not run (then {@code diagnostic} says why)
 * @param diagnostic the failure as the console prints it, the skip reason, or empty
 */
public record ReportRow(String scriptPath, String target, Optional<RunResult> result, String diagnostic) {

    /** PASS, FAIL or SKIP; a script that could not run failed. */
    public DiagramOptions.Status status() {
        return result.map(r -> switch (r.verdict()) {
            case dev.jdrill.interpreter.Verdict.Pass p -> DiagramOptions.Status.PASS;
            case dev.jdrill.interpreter.Verdict.Fail f -> DiagramOptions.Status.FAIL;
            case dev.jdrill.interpreter.Verdict.Skip s -> DiagramOptions.Status.SKIP;
        }).orElse(DiagramOptions.Status.FAIL);
    }
}
