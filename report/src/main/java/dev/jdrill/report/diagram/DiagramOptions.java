package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.Verdict;
import java.util.Locale;

/**
 * What a ladder diagram says around the trace (title, verdict, the failure) and how it scales time.
 *
 * @param failedLine the script line the run failed at, 0 if none: its rows are drawn red
 * @param pixelsPerSecond vertical scale of short idle gaps
 * @param compressGapsAboveMicros idle gaps longer than this become a fixed-height labelled break
 */
public record DiagramOptions(String title, Status status, String caption, int failedLine, String failureMessage,
                             double pixelsPerSecond, long compressGapsAboveMicros) {

    /** The verdict pill in the diagram's header; {@code NONE} draws none (e.g. a REPL session). */
    public enum Status { PASS, FAIL, SKIP, NONE }

    public static DiagramOptions defaults() {
        return new DiagramOptions("jdrill run", Status.NONE, "", 0, "", 60, 1_000_000);
    }

    /** Title, verdict, timings and failure taken from a finished run. */
    public static DiagramOptions forResult(RunResult result) {
        DiagramOptions o = defaults().withTitle(result.scriptPath() + "  ·  " + result.targetName())
                .withCaption(String.format(Locale.ROOT, "simulated %.3f s, wall %d ms", result.simulatedMicros() / 1e6,
                        result.wallMillis()));
        return switch (result.verdict()) {
            case Verdict.Pass p -> o.withStatus(Status.PASS);
            case Verdict.Skip s -> o.withStatus(Status.SKIP).withFailure(0, s.reason());
            case Verdict.Fail f -> o.withStatus(Status.FAIL).withFailure(f.failure().span().line(),
                    "line " + f.failure().span().line() + ": " + f.failure().message());
        };
    }

    public DiagramOptions withTitle(String newTitle) {
        return new DiagramOptions(newTitle, status, caption, failedLine, failureMessage, pixelsPerSecond, compressGapsAboveMicros);
    }

    public DiagramOptions withStatus(Status newStatus) {
        return new DiagramOptions(title, newStatus, caption, failedLine, failureMessage, pixelsPerSecond, compressGapsAboveMicros);
    }

    public DiagramOptions withCaption(String newCaption) {
        return new DiagramOptions(title, status, newCaption, failedLine, failureMessage, pixelsPerSecond, compressGapsAboveMicros);
    }

    public DiagramOptions withFailure(int line, String message) {
        return new DiagramOptions(title, status, caption, line, message, pixelsPerSecond, compressGapsAboveMicros);
    }

    public DiagramOptions withScale(double newPixelsPerSecond, long newCompressGapsAboveMicros) {
        return new DiagramOptions(title, status, caption, failedLine, failureMessage, newPixelsPerSecond, newCompressGapsAboveMicros);
    }
}
