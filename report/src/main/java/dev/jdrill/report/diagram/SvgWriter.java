package dev.jdrill.report.diagram;

import java.util.Locale;

/**
 * Builds SVG (and the HTML report) text. Every attribute value and text node goes through {@link #escape},
 * so segment labels such as {@code <mss 1460,nop>} can never break the document.
 */
final class SvgWriter {
    private final StringBuilder out = new StringBuilder(16_384);

    /** {@code <name a="1" b="2">}; {@code attributes} alternate names and values. */
    SvgWriter open(String name, Object... attributes) {
        tag(name, attributes);
        out.append(">");
        return this;
    }

    SvgWriter close(String name) {
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** {@code <name a="1"/>}. */
    SvgWriter empty(String name, Object... attributes) {
        tag(name, attributes);
        out.append("/>\n");
        return this;
    }

    /** An element holding only escaped text: {@code <name ...>text</name>}. */
    SvgWriter element(String name, String text, Object... attributes) {
        open(name, attributes);
        out.append(escape(text));
        return close(name);
    }

    /** An element inside running text ({@code tspan}): no line break after it, which would show as a space. */
    SvgWriter inline(String name, String text, Object... attributes) {
        open(name, attributes);
        out.append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    SvgWriter text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Markup this class built itself (e.g. a whole SVG embedded in HTML); never user text. */
    SvgWriter raw(String markup) {
        out.append(markup);
        return this;
    }

    private void tag(String name, Object... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes must come in name/value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(format(attributes[i + 1]))).append('"');
        }
    }

    /** Coordinates with at most one decimal keep the files small and diff-friendly. */
    static String format(Object value) {
        return switch (value) {
            case Double d -> d == Math.rint(d) ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.1f", d);
            case Float f -> format((double) f);
            default -> String.valueOf(value);
        };
    }

    /** XML escaping for text and attribute values; also drops characters XML 1.0 forbids. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
