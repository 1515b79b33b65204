package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.IpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws a run as a ladder (sequence) diagram: the scripted peer's lane on the left, the stack under test's
 * on the right, script time flowing down, one arrow per segment labelled in script notation, the stack's
 * calls and TCP states on its lane. Self-contained SVG: no scripts, no fonts or images fetched.
 *
 * <p>The trace has one time per segment (no propagation delay: the peer is the script itself), so arrows
 * get a fixed small slant that shows their direction, starting at the sender's lane at the segment's time.
 */
public final class LadderDiagram {

    private static final double GUTTER = 116;
    private static final double SEGMENT_ROW = 50;
    private static final double CALL_ROW = 26;
    private static final double STATE_ROW = 28;
    private static final double SLANT = 16;
    private static final double ARROW_Y = 25;

    private final List<LadderRows.Row> rows;
    private final DiagramOptions options;
    private final TimeAxis axis;
    private final double peerX;
    private final double stackX;
    private final double width;
    private final int labelRoom;
    private final SvgWriter svg = new SvgWriter();

    private LadderDiagram(List<TraceEntry> trace, DiagramOptions options) {
        this.rows = LadderRows.of(trace);
        this.options = options;
        int longestLabel = 0;
        int longestNote = 16;
        for (LadderRows.Row r : rows) {
            switch (r) {
                case LadderRows.Segment s -> longestLabel = Math.max(longestLabel, notation(s.entry()).length());
                case LadderRows.Expectation x -> longestLabel = Math.max(longestLabel, x.expected().scriptNotation().length() + 10);
                case LadderRows.Call c -> longestNote = Math.max(longestNote, c.call().text().length() + 2);
                case LadderRows.State st -> { }
            }
        }
        double laneGap = Math.clamp(longestLabel * DiagramChrome.CHAR + 70, 460, 860);
        this.labelRoom = (int) ((laneGap - 50) / DiagramChrome.CHAR);
        this.peerX = GUTTER + 90;
        this.stackX = peerX + laneGap;
        this.width = Math.max(980, stackX + 26 + Math.min(longestNote, 72) * DiagramChrome.CHAR + 24);
        List<Long> times = new ArrayList<>();
        List<Double> heights = new ArrayList<>();
        for (LadderRows.Row r : rows) {
            times.add(r.micros());
            heights.add(switch (r) {
                case LadderRows.Segment s -> SEGMENT_ROW;
                case LadderRows.Expectation x -> SEGMENT_ROW;
                case LadderRows.Call c -> CALL_ROW;
                case LadderRows.State st -> STATE_ROW;
            });
        }
        this.axis = new TimeAxis(times, heights, DiagramChrome.HEADER_HEIGHT + 20, options.pixelsPerSecond(),
                options.compressGapsAboveMicros());
    }

    /** The diagram of a trace as a standalone SVG document. */
    public static String render(List<TraceEntry> trace, DiagramOptions options) {
        return new LadderDiagram(trace, options).draw();
    }

    /** The diagram of a finished run, titled with its script, target and verdict. */
    public static String render(RunResult result) {
        return render(result.trace(), DiagramOptions.forResult(result));
    }

    private String draw() {
        double height = axis.bottom() + 36;
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", width, "height", height,
                "viewBox", "0 0 " + SvgWriter.format(width) + " " + SvgWriter.format(height), "class", "ladder",
                "role", "img", "aria-label", "ladder diagram: " + options.title());
        svg.raw("\n");
        svg.element("title", options.title());
        svg.element("style", DiagramChrome.stylesheet());
        svg.empty("rect", "x", 0, "y", 0, "width", width, "height", height, "fill", "#fff");
        DiagramChrome.header(svg, options, width);
        lanes();
        if (rows.isEmpty()) {
            svg.element("text", "nothing happened on the wire or in a call", "class", "note", "x", (peerX + stackX) / 2,
                    "y", DiagramChrome.HEADER_HEIGHT + 40, "text-anchor", "middle");
        }
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            LadderRows.Row row = rows.get(i);
            double top = axis.rowTop(i);
            if (row.micros() != previous) {
                timeMark(row, top + (row instanceof LadderRows.Segment || row instanceof LadderRows.Expectation ? ARROW_Y : 17));
                previous = row.micros();
            }
            switch (row) {
                case LadderRows.Segment s -> segment(s, top);
                case LadderRows.Expectation x -> expectation(x, top);
                case LadderRows.Call c -> call(c, top);
                case LadderRows.State st -> state(st, top);
            }
        }
        svg.close("svg");
        return svg.toString();
    }

    private void lanes() {
        double laneTop = DiagramChrome.HEADER_HEIGHT + 6;
        Optional<LadderRows.Segment> firstSegment = rows.stream().filter(LadderRows.Segment.class::isInstance)
                .map(LadderRows.Segment.class::cast).findFirst();
        String peerAddress = firstSegment.map(s -> address(packet(s.entry()), s.inbound())).orElse("");
        String stackAddress = firstSegment.map(s -> address(packet(s.entry()), !s.inbound())).orElse("");
        gutterHeads(laneTop - 11);
        laneHead(peerX, laneTop - 26, "peer (the script)", peerAddress);
        laneHead(stackX, laneTop - 26, "stack under test", stackAddress);
        double bottom = axis.bottom() + 14;
        double from = laneTop;
        for (TimeAxis.Break b : axis.breaks()) {
            laneSegment(from, b.top() + 10);
            gap(b);
            from = b.bottom() - 10;
        }
        laneSegment(from, bottom);
    }

    private void laneHead(double x, double y, String name, String address) {
        svg.element("text", name, "class", "lane-head", "x", x, "y", y, "text-anchor", "middle");
        svg.element("text", address, "class", "lane-addr mono", "x", x, "y", y + 15, "text-anchor", "middle");
    }

    private void laneSegment(double from, double to) {
        svg.empty("line", "class", "lane", "x1", peerX, "y1", from, "x2", peerX, "y2", to);
        svg.empty("line", "class", "lane", "x1", stackX, "y1", from, "x2", stackX, "y2", to);
    }

    /** A compressed idle gap: both lanes cut with a break mark, the cut time written across. */
    private void gap(TimeAxis.Break b) {
        double mid = (b.top() + b.bottom()) / 2;
        String label = "… " + TimeAxis.describeGap(b.micros()) + " …";
        svg.open("g", "class", "gap", "data-micros", b.micros());
        svg.empty("line", "x1", GUTTER - 8, "y1", mid, "x2", (peerX + stackX) / 2 - 60, "y2", mid);
        svg.empty("line", "x1", (peerX + stackX) / 2 + 60, "y1", mid, "x2", width - 24, "y2", mid);
        svg.element("text", label, "x", (peerX + stackX) / 2, "y", mid + 4, "text-anchor", "middle");
        for (double x : new double[] {peerX, stackX}) {
            svg.empty("path", "d", "M" + SvgWriter.format(x - 7) + " " + SvgWriter.format(b.top() + 14) + " l14 -6 M"
                    + SvgWriter.format(x - 7) + " " + SvgWriter.format(b.bottom() - 8) + " l14 -6",
                    "stroke", "#868e96", "stroke-width", 2);
        }
        svg.close("g");
    }

    private void timeMark(LadderRows.Row row, double y) {
        long t = row.micros();
        String text = t % 1000 == 0 ? String.format(Locale.ROOT, "%.3f", t / 1e6) : String.format(Locale.ROOT, "%.6f", t / 1e6);
        svg.element("text", text, "class", "time", "x", GUTTER - 10, "y", y + 4, "text-anchor", "end");
    }

    /** The script line a row comes from, in its own column between the times and the peer's lane. */
    private void lineNumber(int line, double y) {
        if (line > 0) {
            svg.element("text", Integer.toString(line), "class", "lineno mono", "x", GUTTER + 16, "y", y + 4, "text-anchor", "end");
        }
    }

    private void gutterHeads(double y) {
        svg.element("text", "time (s)", "class", "lane-addr", "x", GUTTER - 10, "y", y, "text-anchor", "end");
        svg.element("text", "line", "class", "lane-addr", "x", GUTTER + 16, "y", y, "text-anchor", "end");
    }

    private void segment(LadderRows.Segment s, double top) {
        String notation = notation(s.entry());
        SegmentKind kind = SegmentKind.of(packet(s.entry()));
        boolean failed = s.expectation().isPresent()
                || (s.inbound() && options.failedLine() > 0 && s.line() == options.failedLine());
        double y0 = top + ARROW_Y;
        s.window().filter(w -> !failed).ifPresent(w -> window(w, s.micros(), y0, "on time"));
        svg.open("g", "class", "segment " + kind.cssClass + (s.inbound() ? " in" : " out") + (failed ? " failed" : ""),
                "data-line", s.line(), "data-micros", s.micros());
        svg.element("title", (s.inbound() ? "injected by the script" : "sent by the stack")
                + (s.line() > 0 ? ", line " + s.line() : ", matched no line") + ", at " + seconds(s.micros()) + " s: " + notation);
        List<NotationDiff.Piece> pieces = s.expectation()
                .map(x -> NotationDiff.pieces(notation, x.scriptNotation()))
                .orElse(List.of(new NotationDiff.Piece(notation, false)));
        arrow(s.inbound(), y0, pieces, "");
        svg.close("g");
        lineNumber(s.line(), y0);
        s.expectation().ifPresent(x -> {
            if (!timingNote(x, s.micros(), y0)) {
                svg.element("text", "✗ sent instead (line " + x.line() + ")", "class", "call bad", "x", stackX + 14, "y", y0 + 4);
            }
        });
    }

    /** On a failure, how far off the actual segment's time was, in red, beside the stack's lane; false if on time. */
    private boolean timingNote(TraceEntry.Expected x, long actual, double y) {
        Optional<TraceEntry.Window> off = x.window().filter(w -> actual < w.earliestMicros() || actual > w.latestMicros());
        off.ifPresent(w -> {
            boolean late = actual > w.latestMicros();
            long by = late ? actual - x.timeMicros() : x.timeMicros() - actual;
            svg.element("text", "✗ " + TimeAxis.describeGap(by) + (late ? " late" : " early")
                    + " (due at " + trimmedSeconds(x.timeMicros()) + " s)", "class", "call bad timing", "x", stackX + 14, "y", y + 4);
        });
        return off.isPresent();
    }

    private static String trimmedSeconds(long micros) {
        return micros % 1000 == 0 ? String.format(Locale.ROOT, "%.3f", micros / 1e6) : seconds(micros);
    }

    private void expectation(LadderRows.Expectation x, double top) {
        double y0 = top + ARROW_Y;
        x.expected().window().ifPresent(w -> window(w, x.micros(), y0, "due"));
        svg.open("g", "class", "expected " + SegmentKind.ofNotation(x.expected().scriptNotation()).cssClass,
                "data-line", x.line(), "data-micros", x.micros());
        svg.element("title", "line " + x.line() + " expected the stack to send, at " + seconds(x.micros()) + " s: "
                + x.expected().scriptNotation());
        List<NotationDiff.Piece> pieces = x.actual()
                .map(a -> NotationDiff.pieces(x.expected().scriptNotation(), a.scriptNotation()))
                .orElse(List.of(new NotationDiff.Piece(x.expected().scriptNotation(), false)));
        arrow(false, y0, pieces, "expected  ");
        svg.close("g");
        lineNumber(x.line(), y0);
        if (x.actual().isEmpty()) {
            svg.element("text", "✗ nothing sent", "class", "call bad", "x", stackX + 14, "y", y0 + 4);
        }
    }

    /** One slanted arrow between the lanes with its label along it; label pieces that differ are red. */
    private void arrow(boolean inbound, double y0, List<NotationDiff.Piece> pieces, String prefix) {
        double y1 = y0 + SLANT;
        double xFrom = inbound ? peerX : stackX;
        double xTo = inbound ? stackX : peerX;
        double dx = xTo - xFrom;
        double shaftEnd = xTo - Math.signum(dx) * 9;
        double shaftEndY = y1 - SLANT * 9 / Math.abs(dx);
        svg.empty("line", "class", "shaft", "x1", xFrom, "y1", y0, "x2", shaftEnd, "y2", shaftEndY);
        svg.empty("polygon", "class", "head", "points", DiagramChrome.arrowHead(xTo, y1, dx, SLANT));
        double yLeft = inbound ? y0 : y1;
        double yRight = inbound ? y1 : y0;
        double angle = Math.toDegrees(Math.atan2(yRight - yLeft, stackX - peerX));
        double mx = (peerX + stackX) / 2;
        double my = (y0 + y1) / 2 - 7;
        svg.open("text", "class", "label", "x", mx, "y", my, "text-anchor", "middle",
                "transform", "rotate(" + SvgWriter.format(angle) + " " + SvgWriter.format(mx) + " " + SvgWriter.format(my) + ")");
        int room = labelRoom - prefix.length();
        svg.text(prefix);
        for (NotationDiff.Piece p : pieces) {
            String text = p.text().length() > room ? p.text().substring(0, Math.max(0, room - 1)) + "…" : p.text();
            room -= text.length();
            if (p.differs()) {
                svg.inline("tspan", text, "class", "diff");
            } else {
                svg.text(text);
            }
            if (room <= 0) {
                break;
            }
        }
        svg.close("text");
    }

    /**
     * Shades when an expected segment was on time, on the stack's lane around the arrow's start: the arrow's
     * own instant plus the window's time before and after it, on the same scale as the axis.
     */
    private void window(TraceEntry.Window w, long at, double y, String what) {
        double before = Math.max(0, axis.y(at) - axis.y(w.earliestMicros()));
        double after = Math.max(0, axis.y(w.latestMicros()) - axis.instantBottom(at));
        double top = y - 6 - before;
        double bottom = y + 6 + after;
        svg.open("rect", "class", "window", "x", stackX - 8, "y", top, "width", 16, "height", bottom - top, "rx", 3);
        svg.element("title", what + " " + seconds(w.earliestMicros()) + " – " + seconds(w.latestMicros()) + " s");
        svg.close("rect");
    }

    private void call(LadderRows.Call c, double top) {
        boolean failed = options.failedLine() > 0 && c.line() == options.failedLine();
        double y = top + 13;
        TraceEntry.CallReturned call = c.call();
        svg.open("g", "class", "syscall" + (failed ? " failed" : ""), "data-line", c.line(), "data-micros", c.micros());
        svg.element("title", call.text() + " (line " + c.line() + ", returned at " + seconds(call.timeMicros()) + " s)");
        if (call.startMicros() < call.timeMicros()) {
            double from = axis.y(call.startMicros());
            svg.open("rect", "class", "blocked", "x", stackX + 9, "y", from, "width", 5, "height", Math.max(2, y - from), "rx", 2.5);
            svg.element("title", "blocked from " + seconds(call.startMicros()) + " s to " + seconds(call.timeMicros()) + " s");
            svg.close("rect");
        }
        svg.empty("circle", "cx", stackX, "cy", y, "r", 4, "fill", failed ? DiagramChrome.FAIL_RED : "#343a40");
        String text = call.text().length() > 72 ? call.text().substring(0, 71) + "…" : call.text();
        svg.element("text", text, "class", "call", "x", stackX + 14, "y", y + 4);
        svg.close("g");
        lineNumber(c.line(), y);
    }

    private void state(LadderRows.State st, double top) {
        StackStateMachine.StateChange change = st.change();
        boolean failed = change.seen() && options.failedLine() > 0 && st.line() == options.failedLine();
        String name = (change.seen() ? "✓ " : "") + change.state().name();
        if (failed) {
            name = "✗ " + change.state().name();
        }
        double w = name.length() * 7.4 + 20;
        svg.open("g", "class", "state" + (change.seen() ? " seen" : "") + (failed ? " failed" : ""),
                "data-state", change.state().name(), "data-micros", change.timeMicros());
        svg.element("title", change.seen() ? "seen by the run (line " + st.line() + ")" : "derived from the segments and calls");
        svg.empty("rect", "x", stackX - w / 2, "y", top + 5, "width", w, "height", 19, "rx", 9.5);
        svg.element("text", name, "x", stackX, "y", top + 18.5, "text-anchor", "middle");
        svg.close("g");
        if (change.seen()) {
            lineNumber(st.line(), top + 14.5);
        }
    }

    private static String notation(TraceEntry e) {
        return switch (e) {
            case TraceEntry.Injected in -> in.scriptNotation();
            case TraceEntry.Sent out -> out.scriptNotation();
            default -> "";
        };
    }

    private static IpPacket packet(TraceEntry e) {
        return switch (e) {
            case TraceEntry.Injected in -> in.packet();
            case TraceEntry.Sent out -> out.packet();
            default -> throw new IllegalArgumentException("not a segment: " + e);
        };
    }

    /** The source ({@code source}) or destination address and port of a packet, as lane headers show them. */
    private static String address(IpPacket p, boolean source) {
        String host = (source ? p.source() : p.destination()).getHostAddress();
        int port = p.tcp().map(t -> source ? t.sourcePort() : t.destinationPort()).orElse(0);
        return (host.contains(":") ? "[" + host + "]" : host) + (port > 0 ? ":" + port : "");
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}
