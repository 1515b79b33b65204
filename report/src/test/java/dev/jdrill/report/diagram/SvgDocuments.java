package dev.jdrill.report.diagram;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads a generated SVG back with the JDK's XML parser: if it is not well-formed XML, parsing fails. */
final class SvgDocuments {

    private SvgDocuments() {
    }

    static Document parse(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage(), e);
        }
    }

    /** Elements whose class attribute contains {@code cssClass} as a word. */
    static List<Element> withClass(Document doc, String cssClass) {
        return select(doc, "//*[contains(concat(' ', normalize-space(@class), ' '), ' " + cssClass + " ')]");
    }

    /** Drawn rows (segments, expectations, calls, states) with this class; the legend has no script line. */
    static List<Element> rows(Document doc, String cssClass) {
        return withClass(doc, cssClass).stream().filter(e -> e.hasAttribute("data-line")).toList();
    }

    static List<Element> select(Document doc, String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The label text of a segment or expectation group. */
    static String label(Element group) {
        return select(group.getOwnerDocument(), "//*[@data-line='" + group.getAttribute("data-line") + "']").isEmpty()
                ? "" : textOfChild(group, "text");
    }

    private static String textOfChild(Element group, String tag) {
        NodeList texts = group.getElementsByTagName(tag);
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").contains("label")) {
                return t.getTextContent();
            }
        }
        return "";
    }
}
