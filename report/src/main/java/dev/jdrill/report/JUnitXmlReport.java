package dev.jdrill.report;

import dev.jdrill.report.AtomicFiles;

import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code run --junit-xml FILE}: the Ant/Jenkins JUnit XML that Jenkins, GitLab and GitHub test reporters
 * read. One {@code <testcase>} per script and target; a failure's message is the diagnostic's headline
 * and its body the whole diagnostic, so the CI page shows the script line and the actual segment.
 */
public final class JUnitXmlReport implements OutcomeReporter {
    private final Path destination;
    private final LocalDateTime started;
    private final List<ReportedCase> cases = new ArrayList<>();

    public JUnitXmlReport(Path destination) {
        this(destination, Clock.systemDefaultZone());
    }

    JUnitXmlReport(Path destination, Clock clock) {
        this.destination = destination;
        this.started = LocalDateTime.now(clock).withNano(0);
    }

    @Override
    public void record(ScriptOutcome outcome) {
        cases.add(ReportedCase.of(outcome));
    }

    @Override
    public void close() throws IOException {
        AtomicFiles.write(destination, render());
    }

    /** The same totals go on the single suite and on the file's root, as Jenkins and GitLab read either. */
    private void writeTotals(XMLStreamWriter xml, long failures, long skipped, String seconds) throws XMLStreamException {
        xml.writeAttribute("name", "jdrill");
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(skipped));
        xml.writeAttribute("time", seconds);
    }

    String render() {
        long failures = count(ReportedCase.Status.FAILED);
        long skipped = count(ReportedCase.Status.SKIPPED);
        String seconds = seconds(cases.stream().mapToLong(ReportedCase::wallMillis).sum());
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            writeTotals(xml, failures, skipped, seconds);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            writeTotals(xml, failures, skipped, seconds);
            xml.writeAttribute("timestamp", started.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            xml.writeAttribute("hostname", hostname());
            for (ReportedCase c : cases) {
                xml.writeCharacters("\n    ");
                writeCase(xml, c);
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Writing to a StringWriter with sanitised text cannot fail; a bug here must still be one line.
            throw new IllegalStateException("cannot render JUnit XML: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void writeCase(XMLStreamWriter xml, ReportedCase c) throws XMLStreamException {
        boolean empty = c.status() == ReportedCase.Status.PASSED;
        if (empty) {
            xml.writeEmptyElement("testcase");
        } else {
            xml.writeStartElement("testcase");
        }
        xml.writeAttribute("name", XmlText.clean(c.name()));
        // Jenkins groups by class name: one group per target keeps engine and kernel results apart.
        xml.writeAttribute("classname", XmlText.clean("jdrill." + c.target()));
        xml.writeAttribute("file", XmlText.clean(c.path()));
        xml.writeAttribute("time", seconds(c.wallMillis()));
        if (empty) {
            return;
        }
        xml.writeCharacters("\n      ");
        if (c.status() == ReportedCase.Status.SKIPPED) {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", XmlText.clean(c.message()));
        } else {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", XmlText.clean(c.message()));
            xml.writeAttribute("type", "jdrill.ScriptFailure");
            xml.writeCharacters(XmlText.clean(c.body()));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private long count(ReportedCase.Status status) {
        return cases.stream().filter(c -> c.status() == status).count();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String hostname() {
        try {
            return XmlText.clean(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return "localhost";
        }
    }
}
