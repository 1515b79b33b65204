package dev.jdrill.report.diagram;

/**
 * The parts of a diagram around the ladder: the stylesheet (system font stacks only, nothing fetched),
 * the header with title, verdict and failure, and the legend.
 */
final class DiagramChrome {

    // Unquoted family names (valid CSS) so the stylesheet needs no escaping, in SVG or in HTML.
    static final String MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, DejaVu Sans Mono, Liberation Mono, monospace";
    static final String SANS = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, DejaVu Sans, Liberation Sans, Arial, sans-serif";
    static final String FAIL_RED = "#e03131";
    /** Width of one character of the 12 px monospace labels, for laying out text without measuring it. */
    static final double CHAR = 7.3;
    static final double HEADER_HEIGHT = 150;

    private DiagramChrome() {
    }

    static String stylesheet() {
        StringBuilder css = new StringBuilder();
        css.append("svg{background:#fff}")
                .append("text{font-family:").append(SANS).append(";fill:#212529}")
                .append(".mono,.label,.call,.time,.state text{font-family:").append(MONO).append("}")
                .append(".title{font-size:17px;font-weight:600}")
                .append(".caption{font-size:12px;fill:#495057}")
                .append(".failure{font-size:12.5px;fill:").append(FAIL_RED).append(";font-weight:600}")
                .append(".legend text{font-size:11.5px;fill:#343a40}")
                .append(".lane-head{font-size:13px;font-weight:600}.lane-addr{font-size:11px;fill:#868e96}")
                .append(".lane{stroke:#adb5bd;stroke-width:2}")
                .append(".label{font-size:12px}")
                .append(".time{font-size:11px;fill:#495057}.lineno{font-size:10px;fill:#adb5bd}")
                .append(".call{font-size:12px;fill:#343a40}")
                .append(".state text{font-size:11px;font-weight:700;fill:#1864ab}")
                .append(".state rect{fill:#e7f5ff;stroke:#74c0fc}")
                .append(".state.seen text{fill:#2b8a3e}.state.seen rect{fill:#ebfbee;stroke:#69db7c}")
                .append(".gap text{font-size:12px;font-style:italic;fill:#868e96}")
                .append(".gap line{stroke:#ced4da;stroke-dasharray:3 4}")
                .append(".window{fill:#fab005;fill-opacity:.28;stroke:#f59f00;stroke-opacity:.7}")
                .append(".note{font-size:11px;fill:#868e96}")
                .append(".blocked{fill:#ced4da;stroke:#adb5bd}")
                .append(".diff{fill:").append(FAIL_RED).append(";font-weight:700;text-decoration:underline}")
                .append(".failed .label,.failed .call,.bad{fill:").append(FAIL_RED).append("}")
                .append(".expected .label{fill:").append(FAIL_RED).append("}")
                .append(".state.failed rect{fill:#fff5f5;stroke:").append(FAIL_RED).append("}")
                .append(".state.failed text{fill:").append(FAIL_RED).append("}");
        for (SegmentKind k : SegmentKind.values()) {
            css.append('.').append(k.cssClass).append(" .shaft{stroke:").append(k.colour).append("}")
                    .append('.').append(k.cssClass).append(" .head{fill:").append(k.colour).append("}");
        }
        css.append(".shaft{stroke-width:2;fill:none}")
                .append(".expected .shaft{stroke:").append(FAIL_RED).append(";stroke-dasharray:7 5}")
                .append(".expected .head{fill:#fff;stroke:").append(FAIL_RED).append(";stroke-width:1.5}");
        return css.toString();
    }

    static void header(SvgWriter svg, DiagramOptions options, double width) {
        svg.element("text", options.title(), "class", "title", "x", 24, "y", 30);
        double pillX = width - 24 - 64;
        if (options.status() != DiagramOptions.Status.NONE) {
            String colour = switch (options.status()) {
                case PASS -> "#2b8a3e";
                case FAIL -> FAIL_RED;
                case SKIP, NONE -> "#868e96";
            };
            svg.open("g", "class", "verdict " + options.status().name().toLowerCase(java.util.Locale.ROOT));
            svg.empty("rect", "x", pillX, "y", 12, "width", 64, "height", 24, "rx", 12, "fill", colour);
            svg.element("text", options.status().name(), "x", pillX + 32, "y", 29, "text-anchor", "middle",
                    "style", "fill:#fff;font-weight:700;font-size:13px");
            svg.close("g");
        }
        svg.element("text", options.caption(), "class", "caption", "x", 24, "y", 50);
        if (!options.failureMessage().isEmpty()) {
            int room = (int) ((width - 48) / 7.0);
            String message = options.failureMessage();
            String shown = message.length() > room ? message.substring(0, Math.max(1, room - 1)) + "…" : message;
            svg.open("text", "class", "failure", "x", 24, "y", 70).element("title", message).text(shown).close("text");
        }
        legend(svg, 24, 94);
    }

    private static void legend(SvgWriter svg, double x, double y) {
        svg.open("g", "class", "legend");
        for (SegmentKind k : SegmentKind.values()) {
            svg.open("g", "class", k.cssClass);
            svg.empty("line", "class", "shaft", "x1", x, "y1", y, "x2", x + 22, "y2", y);
            svg.empty("polygon", "class", "head", "points", arrowHead(x + 28, y, 1, 0));
            svg.element("text", k.legend, "x", x + 34, "y", y + 4);
            svg.close("g");
            x += 48 + k.legend.length() * 6.5;
        }
        svg.open("g", "class", "expected");
        svg.empty("line", "class", "shaft", "x1", x, "y1", y, "x2", x + 22, "y2", y);
        svg.empty("polygon", "class", "head", "points", arrowHead(x + 28, y, 1, 0));
        svg.element("text", "expected, not met", "x", x + 34, "y", y + 4);
        svg.close("g");
        x += 48 + 17 * 6.5;
        svg.empty("rect", "class", "window", "x", x, "y", y - 7, "width", 12, "height", 14);
        svg.element("text", "on-time window", "x", x + 18, "y", y + 4);
        x += 30 + 14 * 6.5;
        svg.open("g", "class", "state");
        svg.empty("rect", "x", x, "y", y - 8, "width", 40, "height", 16, "rx", 8);
        svg.element("text", "STATE", "x", x + 20, "y", y + 4, "text-anchor", "middle", "style", "font-size:9px");
        svg.close("g");
        svg.element("text", "derived", "x", x + 46, "y", y + 4);
        x += 62 + 7 * 6.5;
        svg.open("g", "class", "state seen");
        svg.empty("rect", "x", x, "y", y - 8, "width", 40, "height", 16, "rx", 8);
        svg.element("text", "STATE", "x", x + 20, "y", y + 4, "text-anchor", "middle", "style", "font-size:9px");
        svg.close("g");
        svg.element("text", "seen by the run", "x", x + 46, "y", y + 4);
        svg.close("g");
    }

    /** A filled arrowhead whose tip is at (x, y), pointing along (dx, dy). */
    static String arrowHead(double x, double y, double dx, double dy) {
        double length = Math.hypot(dx, dy);
        double ux = dx / length;
        double uy = dy / length;
        double back = 10;
        double half = 4.5;
        double bx = x - ux * back;
        double by = y - uy * back;
        return SvgWriter.format(x) + "," + SvgWriter.format(y) + " "
                + SvgWriter.format(bx - uy * half) + "," + SvgWriter.format(by + ux * half) + " "
                + SvgWriter.format(bx + uy * half) + "," + SvgWriter.format(by - ux * half);
    }
}
