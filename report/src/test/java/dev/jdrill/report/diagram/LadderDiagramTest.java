package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.TraceEntry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class LadderDiagramTest {

    private static Document draw(List<TraceEntry> trace) {
        return SvgDocuments.parse(LadderDiagram.render(trace, DiagramOptions.defaults()));
    }

    private static long segmentsIn(List<TraceEntry> trace) {
        return trace.stream().filter(e -> e instanceof TraceEntry.Injected || e instanceof TraceEntry.Sent).count();
    }

    @Test
    void drawsExactlyOneArrowPerSegment() {
        List<TraceEntry> trace = SampleRuns.passiveOpenAndClose().build();
        List<Element> arrows = SvgDocuments.withClass(draw(trace), "segment");

        assertThat(arrows).hasSize((int) segmentsIn(trace)).hasSize(10);
        assertThat(arrows).filteredOn(a -> a.getAttribute("class").endsWith(" in")).hasSize(6);
        assertThat(arrows).filteredOn(a -> a.getAttribute("class").endsWith(" out")).hasSize(4);
    }

    @Test
    void aFailedRunStillHasOneArrowPerSegmentAndTheExpectationApart() {
        var run = SampleRuns.failingWithWrongFlags();
        Document doc = SvgDocuments.parse(LadderDiagram.render(run));

        assertThat(SvgDocuments.withClass(doc, "segment")).hasSize((int) segmentsIn(run.trace()));
        assertThat(SvgDocuments.rows(doc, "expected")).hasSize(1);
    }

    @Test
    void labelsAreInScriptNotationWithTheirAngleBracketsEscaped() {
        String svg = LadderDiagram.render(SampleRuns.passiveOpenAndClose().build(), DiagramOptions.defaults());

        assertThat(svg).contains("S 0:0(0) win 65535 &lt;mss 1460,sackOK,nop,nop,nop,wscale 7&gt;")
                .doesNotContain("<mss 1460");
        Element syn = SvgDocuments.withClass(SvgDocuments.parse(svg), "segment").getFirst();
        assertThat(SvgDocuments.label(syn)).isEqualTo("S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>");
    }

    @Test
    void flagsGiveTheArrowItsColourClass() {
        Document doc = draw(SampleRuns.passiveOpenAndClose().build());

        assertThat(SvgDocuments.withClass(doc, "segment")).extracting(e -> e.getAttribute("class").split(" ")[1])
                .containsExactly("syn", "syn", "ack", "data", "ack", "fin", "ack", "fin", "ack", "rst");
    }

    @Test
    void wrongFlagsAreDrawnRedOnBothTheExpectedAndTheActualSegment() {
        Document doc = SvgDocuments.parse(LadderDiagram.render(SampleRuns.failingWithWrongFlags()));

        Element expected = SvgDocuments.rows(doc, "expected").getFirst();
        Element actual = SvgDocuments.withClass(doc, "failed").stream()
                .filter(e -> e.getAttribute("class").contains("segment")).findFirst().orElseThrow();
        assertThat(SvgDocuments.label(expected)).isEqualTo("expected  F. 1:1(0) ack 1 <...>");
        assertThat(SvgDocuments.label(actual)).isEqualTo("R. 1:1(0) ack 1 win 0");
        assertThat(diffsIn(expected)).containsExactly("F.");
        assertThat(diffsIn(actual)).containsExactly("R.");
        assertThat(doc.getDocumentElement().getTextContent()).contains("sent instead (line 8)");
    }

    @Test
    void aLateSegmentKeepsItsLabelAndGetsARedTimingNote() {
        Document doc = SvgDocuments.parse(LadderDiagram.render(SampleRuns.failingLate()));

        Element actual = SvgDocuments.withClass(doc, "failed").getFirst();
        assertThat(diffsIn(actual)).isEmpty();
        assertThat(SvgDocuments.withClass(doc, "timing")).extracting(Element::getTextContent)
                .containsExactly("✗ 2 s late (due at 1.100 s)");
    }

    @Test
    void aSegmentNeverSentIsDrawnAsTheExpectationAlone() {
        Document doc = SvgDocuments.parse(LadderDiagram.render(SampleRuns.failingSilent()));

        assertThat(SvgDocuments.rows(doc, "expected")).hasSize(1);
        assertThat(SvgDocuments.withClass(doc, "segment")).hasSize(1);
        assertThat(doc.getDocumentElement().getTextContent()).contains("nothing sent");
    }

    @Test
    void expectedSegmentsHaveTheirOnTimeWindowShadedOnTheStacksLane() {
        Document doc = draw(SampleRuns.passiveOpenAndClose().build());

        assertThat(SvgDocuments.withClass(doc, "window")).hasSize(1 + 4); // the legend's swatch, then one per > line
    }

    @Test
    void derivedStatesAndSeenStatesAreMarkedOnTheLane() {
        Document doc = draw(SampleRuns.passiveOpenAndClose().build());

        assertThat(SvgDocuments.withClass(doc, "state")).filteredOn(e -> e.hasAttribute("data-state"))
                .extracting(e -> e.getAttribute("data-state"))
                .containsExactly("LISTEN", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSED");
        assertThat(SvgDocuments.withClass(doc, "seen")).filteredOn(e -> e.hasAttribute("data-state"))
                .extracting(e -> e.getAttribute("data-state")).containsExactly("TIME_WAIT", "CLOSED");
    }

    @Test
    void callsAndTheirResultsAreWrittenOnTheStacksLane() {
        Document doc = draw(SampleRuns.passiveOpenAndClose().build());

        assertThat(SvgDocuments.select(doc, "//g[contains(@class, 'syscall')]/text")).extracting(Element::getTextContent)
                .containsExactly("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
                        "bind(3, ..., ...) = 0", "listen(3, 1) = 0", "accept(3, ..., ...) = 4", "write(4, ..., 1000) = 1000",
                        "close(4) = 0");
    }

    @Test
    void aFifteenMinuteLadderIsCompressedToFitAScreenful() {
        String svg = LadderDiagram.render(SampleRuns.synRetransmissionLadder().build(), DiagramOptions.defaults());
        Document doc = SvgDocuments.parse(svg);

        assertThat(SvgDocuments.withClass(doc, "gap")).extracting(e -> e.getTextContent().strip())
                .containsExactly("… 2 s …", "… 4 s …", "… 8 s …", "… 16 s …", "… 32 s …", "… 64 s …", "… 120 s …", "… 520 s …");
        double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
        assertThat(height).isLessThan(1800);
    }

    @Test
    void anEmptyTraceStillMakesAValidDiagram() {
        Document doc = draw(List.of());

        assertThat(SvgDocuments.withClass(doc, "segment")).isEmpty();
        assertThat(doc.getDocumentElement().getTextContent()).contains("nothing happened");
    }

    private static List<String> diffsIn(Element group) {
        return SvgDocuments.withClass(group.getOwnerDocument(), "diff").stream()
                .filter(d -> d.getParentNode().getParentNode() == group)
                .map(Element::getTextContent).toList();
    }
}
