package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report the way a person would, in a real browser (headless Chromium, offline), and checks that
 * it rendered: the page and a diagram are not blank and their DOM holds the table and the arrows.
 * Skipped without Chromium, unless {@code JDRILL_REQUIRE_TOOLS=1} (CI), where that is a failure.
 */
class ReportInChromiumTest {

    @TempDir
    Path dir;

    private HeadlessChromium chromium;
    private Path report;

    @BeforeEach
    void writeReport() throws Exception {
        Optional<HeadlessChromium> found = HeadlessChromium.find(dir);
        if (found.isEmpty()) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_TOOLS"))) {
                fail("chromium is not installed (apt-get install chromium) and JDRILL_REQUIRE_TOOLS=1");
            }
            assumeTrue(false, "chromium is not installed: the browser rendering check is skipped");
        }
        chromium = found.get();
        report = dir.resolve("report");
        HtmlReportTest.writeSampleReport(report);
    }

    @Test
    void theIndexPageRendersItsTableWithTheFailureInRed() throws Exception {
        BufferedImage page = chromium.screenshot(report.resolve("index.html"), 1200, 700);

        assertThat(HeadlessChromium.inkedPixels(page)).as("non-white pixels").isGreaterThan(20_000);
        assertThat(HeadlessChromium.redPixels(page)).as("red pixels (FAIL)").isGreaterThan(300);
        String dom = chromium.dumpDom(report.resolve("index.html"));
        assertThat(dom).contains("id=\"runs\"").contains("scripts_close_close-sends-fin.engine.svg");
        assertThat(dom.split("class=\"run ", -1)).hasSize(4 + 1);
    }

    @Test
    void aFailingDiagramRendersWithItsArrowsAndTheDifferenceInRed() throws Exception {
        Path svg = report.resolve("scripts_close_close-sends-fin.engine.svg");
        BufferedImage image = chromium.screenshot(svg, 1400, 700);

        assertThat(HeadlessChromium.inkedPixels(image)).as("non-white pixels").isGreaterThan(15_000);
        assertThat(HeadlessChromium.redPixels(image)).as("red pixels (the difference)").isGreaterThan(1_000);
        String dom = chromium.dumpDom(svg);
        assertThat(dom.split("class=\"segment ", -1)).hasSize(4 + 1);
    }

    @Test
    void aPassingDiagramRendersWithoutRed() throws Exception {
        BufferedImage image = chromium.screenshot(report.resolve("scripts_open_passive-open.engine.svg"), 1200, 1300);

        assertThat(HeadlessChromium.inkedPixels(image)).as("non-white pixels").isGreaterThan(20_000);
        // Only the legend's "expected, not met" swatch is red in a passing run.
        assertThat(HeadlessChromium.redPixels(image)).as("red pixels").isLessThan(200);
    }
}
