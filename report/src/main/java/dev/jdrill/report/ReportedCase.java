package dev.jdrill.report;

import dev.jdrill.report.ScriptOutcome;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.Verdict;

/**
 * One script on one target as a test case of a CI report: its name ({@code path [target]}), how it
 * fared, and for a failure the diagnostic's headline and the full diagnostic; for a skip, the reason.
 */
record ReportedCase(String name, String path, String target, Status status, String message, String body,
                    long wallMillis) {

    enum Status { PASSED, FAILED, SKIPPED }

    static ReportedCase of(ScriptOutcome outcome) {
        String name = outcome.path() + " [" + outcome.target() + "]";
        if (outcome.result().isEmpty()) {
            // It never ran: the parse or validation diagnostics say why, the first one heads them.
            String text = outcome.diagnosticText();
            return new ReportedCase(name, outcome.path(), outcome.target(), Status.FAILED, firstLine(text), text, 0);
        }
        RunResult r = outcome.result().get();
        return switch (r.verdict()) {
            case Verdict.Pass p -> new ReportedCase(name, outcome.path(), outcome.target(), Status.PASSED, "", "",
                    r.wallMillis());
            case Verdict.Fail f -> new ReportedCase(name, outcome.path(), outcome.target(), Status.FAILED,
                    f.failure().headline(), f.failure().render(outcome.sourceText()), r.wallMillis());
            case Verdict.Skip s -> new ReportedCase(name, outcome.path(), outcome.target(), Status.SKIPPED,
                    s.reason(), "", r.wallMillis());
        };
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
