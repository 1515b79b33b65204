package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    /** Two passing runs, one failing, one that never ran; the report as {@code run --report} writes it. */
    static void writeSampleReport(Path dir) throws IOException {
        HtmlReport report = new HtmlReport(dir);
        report.add(new ReportRow("scripts/open/passive-open.pkt", "engine",
                Optional.of(SampleRuns.passed("scripts/open/passive-open.pkt", SampleRuns.passiveOpenAndClose().build())), ""));
        report.add(new ReportRow("scripts/open/syn-retries.pkt", "engine",
                Optional.of(SampleRuns.passed("scripts/open/syn-retries.pkt", SampleRuns.synRetransmissionLadder().build())), ""));
        report.add(new ReportRow("scripts/close/close-sends-fin.pkt", "engine", Optional.of(SampleRuns.failingWithWrongFlags()),
                "scripts/close/close-sends-fin.pkt:8:1: error: bad outbound packet: flags: expected F. but got R.\n"
                        + "  script: F. 1:1(0) ack 1 <...>\n  actual: R. 1:1(0) ack 1 win 0"));
        report.add(new ReportRow("scripts/broken.pkt", "engine", Optional.empty(), "scripts/broken.pkt:1:1: error: <oops> & more"));
        report.finish();
    }

    @Test
    void writesAnIndexAndOneDiagramPerRun() throws IOException {
        writeSampleReport(dir);

        assertThat(names()).containsExactlyInAnyOrder("index.html", "scripts_open_passive-open.engine.svg",
                "scripts_open_syn-retries.engine.svg", "scripts_close_close-sends-fin.engine.svg");
        String index = Files.readString(dir.resolve("index.html"));
        assertThat(index).contains("href=\"scripts_open_passive-open.engine.svg\"")
                .contains("2 passed, 2 failed")
                .contains("&lt;oops&gt; &amp; more")
                .contains("expected F. but got R.")
                .doesNotContain("<oops>");
    }

    @Test
    void everyDiagramIsWellFormedSvg() throws IOException {
        writeSampleReport(dir);

        for (String name : names()) {
            if (name.endsWith(".svg")) {
                assertThat(SvgDocuments.parse(Files.readString(dir.resolve(name))).getDocumentElement().getTagName())
                        .as(name).isEqualTo("svg");
            }
        }
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        writeSampleReport(dir);
        writeSampleReport(dir);

        assertThat(names()).noneMatch(n -> n.startsWith(".") || n.endsWith(".tmp")).hasSize(4);
    }

    @Test
    void theIndexNeedsNothingFromTheNetwork() throws IOException {
        writeSampleReport(dir);

        for (String name : names()) {
            // The SVG namespace is a name, not an address anything fetches.
            String text = Files.readString(dir.resolve(name)).replace("xmlns=\"http://www.w3.org/2000/svg\"", "xmlns=SVG");
            assertThat(text).as(name)
                    .doesNotContain("http://", "https://", "@import", "@font-face", "<script", "url(")
                    .satisfiesAnyOf(t -> assertThat(name).endsWith(".html"),
                            t -> assertThat(t).contains("xmlns=SVG"));
        }
    }

    @Test
    void scriptsWithTheSameNameGetTheirOwnDiagram() throws IOException {
        HtmlReport report = new HtmlReport(dir);
        var run = Optional.of(SampleRuns.passed("a/b.pkt", SampleRuns.passiveOpenAndClose().build()));
        report.add(new ReportRow("a/b.pkt", "engine", run, ""));
        report.add(new ReportRow("a_b.pkt", "engine", run, ""));
        report.add(new ReportRow("a/b.pkt", "linux", run, ""));
        report.finish();

        assertThat(names()).contains("a_b.engine.svg", "a_b-2.engine.svg", "a_b.linux.svg");
    }

    @Test
    void failuresComeFirstAndEveryRowCanBeFilteredByVerdictAndTargetWithoutAScript() throws IOException {
        HtmlReport report = new HtmlReport(dir);
        var run = Optional.of(SampleRuns.passed("a.pkt", SampleRuns.passiveOpenAndClose().build()));
        report.add(new ReportRow("a.pkt", "engine", run, ""));
        report.add(new ReportRow("b.pkt", "linux", Optional.of(SampleRuns.failingWithWrongFlags()),
                "b.pkt:8:1: error: bad outbound packet\n+0 > F. 1:1(0) ack 1\n^"));
        report.add(new ReportRow("c.pkt", "engine", Optional.empty(), "c.pkt:1:1: error: broken"));
        report.finish();

        String index = Files.readString(dir.resolve("index.html"));
        assertThat(index.indexOf("b.pkt")).isLessThan(index.indexOf("a.pkt"));
        assertThat(index.indexOf("c.pkt")).isLessThan(index.indexOf("a.pkt"));
        assertThat(index).contains("class=\"run fail target-linux\"").contains("class=\"run pass target-engine\"")
                .contains("id=\"verdict-fail\"").contains("id=\"target-target-linux\"")
                .contains("#verdict-fail:checked~table tr.run:not(.fail)")
                .contains("#target-target-linux:checked~table tr.run:not(.target-linux){display:none}")
                .contains("<p class=\"headline\">b.pkt:8:1: error: bad outbound packet</p>")
                .doesNotContain("<script");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
