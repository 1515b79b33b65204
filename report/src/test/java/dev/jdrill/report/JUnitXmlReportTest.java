package dev.jdrill.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

class JUnitXmlReportTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static Validator jenkinsSchema() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return factory.newSchema(JUnitXmlReportTest.class.getResource("jenkins-junit.xsd")).newValidator();
    }

    private String reportOf(Path file, List<dev.jdrill.report.ScriptOutcome> outcomes) throws Exception {
        JUnitXmlReport report = new JUnitXmlReport(file, FIXED);
        for (var o : outcomes) {
            report.record(o);
        }
        report.close();
        return Files.readString(file);
    }

    @Test
    void oneTestCasePerScriptAndTargetValidAgainstTheJenkinsSchema() throws Exception {
        Path file = dir.resolve("reports/junit.xml");
        String xml = reportOf(file, List.of(
                SampleOutcomes.passed("scripts/a.pkt", "engine", List.of()),
                SampleOutcomes.failed("scripts/b.pkt", "engine"),
                SampleOutcomes.failed("scripts/b.pkt", "linux"),
                SampleOutcomes.skipped("scripts/c.pkt", "engine", "runs the shell command `ip link`"),
                SampleOutcomes.unparsable("scripts/d.pkt", "engine")));

        jenkinsSchema().validate(new StreamSource(new StringReader(xml)));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2025-01-02T03:04:05");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("scripts/a.pkt [engine]");
        assertThat(((Element) cases.item(2)).getAttribute("name")).isEqualTo("scripts/b.pkt [linux]");

        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("scripts/b.pkt:4:1: error: expected segment did not arrive");
        assertThat(failure.getTextContent())
                .contains("+1 > S 0:0(0) <...>")
                .contains("  actual: > R 1:1(0)")
                .contains("happened at 1.102311 s");

        Element skipped = (Element) ((Element) cases.item(3)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("runs the shell command `ip link`");

        Element parseError = (Element) ((Element) cases.item(4)).getElementsByTagName("failure").item(0);
        assertThat(parseError.getAttribute("message")).isEqualTo("scripts/d.pkt:1:3: error: unknown event 'bogus'");
        assertThat(parseError.getTextContent()).endsWith("0 bogus\n  ^");
    }

    @Test
    void controlCharactersInAScriptDoNotBreakTheXml() throws Exception {
        var outcome = SampleOutcomes.unparsable("scripts/\u0001odd<&>.pkt", "engine");
        String xml = reportOf(dir.resolve("j.xml"), List.of(outcome));
        jenkinsSchema().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("odd&lt;&amp;&gt;.pkt").doesNotContain("\u0001");
    }

    @Test
    void theSchemaRejectsWhatJenkinsWouldNotRead() throws Exception {
        // Proves the validation above can fail: a testcase without its required name.
        String broken = "<testsuite name='x' tests='1' failures='0' errors='0'><testcase classname='c'/></testsuite>";
        assertThatThrownBy(() -> jenkinsSchema().validate(new StreamSource(new StringReader(broken))))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void theFileAppearsWholeAndLeavesNoTemporaryBehind() throws Exception {
        Path file = dir.resolve("junit.xml");
        Files.writeString(file, "old report");
        JUnitXmlReport report = new JUnitXmlReport(file, FIXED);
        report.record(SampleOutcomes.passed("a.pkt", "engine", List.of()));
        assertThat(Files.readString(file)).isEqualTo("old report"); // nothing written until the run ends
        report.close();
        assertThat(Files.readString(file)).startsWith("<?xml").endsWith("</testsuites>\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anEmptyRunIsStillAValidReport() throws Exception {
        String xml = reportOf(dir.resolve("empty.xml"), List.of());
        jenkinsSchema().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("tests=\"0\"");
    }
}
