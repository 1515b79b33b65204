package dev.jdrill.report.diagram;

import dev.jdrill.report.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code run --report DIR}: one ladder diagram per script and target ({@code DIR/<name>.<target>.svg},
 * written as each run ends) and {@code DIR/index.html} listing them all (written last). Every file is
 * written aside and renamed into place; the page needs nothing but the files next to it.
 */
public final class HtmlReport {

    private record Listed(ReportRow row, String diagramFile) {
    }

    private final Path dir;
    private final List<Listed> listed = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();

    public HtmlReport(Path dir) {
        this.dir = dir;
    }

    /** Draws this run's diagram into the report directory now and lists it for the index. */
    public void add(ReportRow row) throws IOException {
        String file = "";
        if (row.result().isPresent()) {
            file = uniqueName(row.scriptPath(), row.target());
            AtomicFiles.write(dir.resolve(file), LadderDiagram.render(row.result().get()));
        }
        listed.add(new Listed(row, file));
    }

    /** Writes {@code index.html}. */
    public void finish() throws IOException {
        AtomicFiles.write(dir.resolve("index.html"), index());
    }

    /** {@code scripts/close/fin-lost.pkt} on engine → {@code scripts_close_fin-lost.engine.svg}, unique in the report. */
    private String uniqueName(String scriptPath, String target) {
        String base = scriptPath.replace('\\', '/').replaceFirst("^(\\./)+", "").replaceFirst("\\.pkt$", "")
                .replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (base.isEmpty()) {
            base = "script";
        }
        String name = base + "." + target + ".svg";
        for (int n = 2; !usedNames.add(name); n++) {
            name = base + "-" + n + "." + target + ".svg";
        }
        return name;
    }

    private String index() {
        long passed = listed.stream().filter(l -> l.row().status() == DiagramOptions.Status.PASS).count();
        long failed = listed.stream().filter(l -> l.row().status() == DiagramOptions.Status.FAIL).count();
        long skipped = listed.size() - passed - failed;
        List<String> targets = listed.stream().map(l -> l.row().target()).distinct().sorted().toList();
        String totals = passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
        SvgWriter html = new SvgWriter();
        html.raw("<!DOCTYPE html>\n");
        html.open("html", "lang", "en").open("head").empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", "jdrill report: " + totals)
                // HTML does not decode character references inside <style>; the stylesheet is our own constant.
                .open("style").raw(ReportStyle.CSS).raw(ReportFilters.css(targets)).close("style")
                .close("head");
        html.open("body");
        html.open("header").element("h1", "jdrill report")
                .element("p", totals, "class", failed > 0 ? "totals failing" : "totals passing", "id", "totals")
                .close("header");
        ReportFilters.write(html, failed, skipped, passed, targets);
        html.open("table", "id", "runs").open("thead").open("tr");
        for (String h : new String[] {"verdict", "script", "target", "simulated", "wall", "diagnostic"}) {
            html.element("th", h);
        }
        html.close("tr").close("thead").open("tbody");
        // What needs attention first: failures, then skips, then passes, each in the order they ran.
        List<Listed> ordered = new ArrayList<>(listed);
        ordered.sort(java.util.Comparator.comparingInt(l -> switch (l.row().status()) {
            case FAIL -> 0;
            case SKIP -> 1;
            case PASS -> 2;
            case NONE -> 3;
        }));
        for (Listed l : ordered) {
            row(html, l);
        }
        html.close("tbody").close("table");
        html.element("p", "Click a script to open its ladder diagram: the script on the left, the stack on the right, "
                + "time flowing down. Each diagram is a standalone SVG file next to this page.", "class", "hint");
        html.close("body").close("html");
        return html.toString();
    }

    private static void row(SvgWriter html, Listed l) {
        ReportRow row = l.row();
        String status = row.status().name();
        html.open("tr", "class", "run " + status.toLowerCase(Locale.ROOT) + " " + ReportFilters.targetClass(row.target()));
        html.open("td").element("span", status, "class", "pill " + status.toLowerCase(Locale.ROOT)).close("td");
        html.open("td", "class", "script");
        if (l.diagramFile().isEmpty()) {
            html.text(row.scriptPath());
        } else {
            html.element("a", row.scriptPath(), "href", l.diagramFile(), "class", "diagram-link");
        }
        html.close("td");
        html.element("td", row.target());
        html.element("td", row.result().map(r -> String.format(Locale.ROOT, "%.3f s", r.simulatedMicros() / 1e6)).orElse("–"), "class", "num");
        html.element("td", row.result().map(r -> r.wallMillis() + " ms").orElse("–"), "class", "num");
        html.open("td", "class", "diagnostic");
        if (!row.diagnostic().isEmpty()) {
            // The located headline stands out; the rest (the line, its caret, expected and actual) keeps
            // its columns, so it scrolls sideways rather than wrapping the caret away from its column.
            int newline = row.diagnostic().indexOf('\n');
            String headline = newline < 0 ? row.diagnostic() : row.diagnostic().substring(0, newline);
            html.open("div", "class", "diagnostic-body").element("p", headline, "class", "headline");
            if (newline >= 0) {
                html.element("pre", row.diagnostic().substring(newline + 1));
            }
            html.close("div");
        }
        if (!l.diagramFile().isEmpty() && row.status() == DiagramOptions.Status.FAIL) {
            html.open("details").element("summary", "diagram")
                    .empty("img", "src", l.diagramFile(), "alt", "ladder diagram of " + row.scriptPath(), "loading", "lazy")
                    .close("details");
        }
        html.close("td");
        html.close("tr");
    }
}
