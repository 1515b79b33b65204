package dev.jdrill.report;

import dev.jdrill.report.AtomicFiles;

import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run --tap FILE}: TAP version 13 (what prove, tappy and the Jenkins TAP plugin read). A failure
 * carries its diagnostic in a YAML block ({@code message} the headline, {@code diagnostic} the whole
 * text); a skip is {@code ok N - name # SKIP reason}.
 */
public final class TapReport implements OutcomeReporter {
    private final Path destination;
    private final List<ReportedCase> cases = new ArrayList<>();

    public TapReport(Path destination) {
        this.destination = destination;
    }

    @Override
    public void record(ScriptOutcome outcome) {
        cases.add(ReportedCase.of(outcome));
    }

    @Override
    public void close() throws IOException {
        AtomicFiles.write(destination, render());
    }

    String render() {
        StringBuilder tap = new StringBuilder("TAP version 13\n1..").append(cases.size()).append('\n');
        int number = 0;
        for (ReportedCase c : cases) {
            number++;
            String description = description(c.name());
            switch (c.status()) {
                case PASSED -> tap.append("ok ").append(number).append(" - ").append(description).append('\n');
                case SKIPPED -> tap.append("ok ").append(number).append(" - ").append(description)
                        .append(" # SKIP ").append(oneLine(c.message())).append('\n');
                case FAILED -> {
                    tap.append("not ok ").append(number).append(" - ").append(description).append('\n');
                    tap.append("  ---\n");
                    tap.append("  message: ").append(yamlQuoted(c.message())).append('\n');
                    tap.append("  diagnostic: |-\n");
                    for (String line : c.body().split("\n", -1)) {
                        tap.append("    ").append(line).append('\n');
                    }
                    tap.append("  ...\n");
                }
            }
        }
        return tap.toString();
    }

    /** A TAP description is one line in which '#' would start a directive. */
    private static String description(String name) {
        return oneLine(name).replace("\\", "\\\\").replace("#", "\\#");
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    /** A YAML double-quoted scalar: safe whatever the headline holds (colons, quotes, control bytes). */
    private static String yamlQuoted(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
