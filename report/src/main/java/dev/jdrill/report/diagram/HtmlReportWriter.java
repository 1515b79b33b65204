package dev.jdrill.report.diagram;

import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;
import dev.jdrill.interpreter.Verdict;
import java.io.IOException;
import java.nio.file.Path;

/** {@code run --report DIR}: hands each outcome to the HTML report (ladder diagrams and index.html). */
public final class HtmlReportWriter implements OutcomeReporter {
    private final HtmlReport report;

    public HtmlReportWriter(Path dir) {
        this.report = new HtmlReport(dir);
    }

    @Override
    public void record(ScriptOutcome o) throws IOException {
        String diagnostic = o.result().map(r -> switch (r.verdict()) {
            case Verdict.Pass p -> "";
            case Verdict.Fail f -> f.failure().render(o.sourceText());
            case Verdict.Skip s -> s.reason();
        }).orElse(o.diagnosticText());
        report.add(new ReportRow(o.path(), o.target(), o.result(), diagnostic));
    }

    @Override
    public void close() throws IOException {
        report.finish();
    }
}
