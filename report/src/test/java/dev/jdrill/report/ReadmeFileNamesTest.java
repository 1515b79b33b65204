package dev.jdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.report.diagram.HtmlReport;
import dev.jdrill.report.diagram.ReportRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example names of report files are the names the reporters write. */
class ReadmeFileNamesTest {
    private static final Path README = Path.of(System.getProperty("jdrill.root", ".."), "README.md");
    private static final String SCRIPT = "scripts/teardown/lost-fin.pkt";

    @TempDir
    Path dir;

    private static String example(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text.replaceAll("\\s+", " "));
        assertThat(m.find()).as("README.md has an example matching %s", pattern).isTrue();
        return m.group(1);
    }

    @Test
    void theLadderDiagramsNameIsTheOneTheReportWrites() throws Exception {
        String readme = Files.readString(README);
        String named = example(readme, "`" + Pattern.quote(SCRIPT) + "` on the engine: `out/([^`]+\\.svg)`");
        HtmlReport report = new HtmlReport(dir);
        report.add(new ReportRow(SCRIPT, "engine", Optional.of(dev.jdrill.report.diagram.SampleRunsAccess.passed(SCRIPT)), ""));
        report.finish();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(named);
        }
    }

    @Test
    void theCapturesNameIsTheOneThePcapReportWrites() throws Exception {
        String readme = Files.readString(README);
        String named = example(readme, "`" + Pattern.quote(SCRIPT) + "` on the engine: `DIR/([^`]+\\.pcap)`");
        assertThat(PcapDirectoryReport.fileName(SCRIPT, "engine")).isEqualTo(named);
    }
}
