package dev.jdrill.report.diagram;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpSegment;

/**
 * What colour a segment's arrow gets: the flag that matters most when reading a ladder (a RST ends
 * everything, a SYN or FIN changes state, data moves bytes, a bare ACK only acknowledges).
 */
enum SegmentKind {
    RST("rst", "#e8590c", "RST"),
    SYN("syn", "#1971c2", "SYN"),
    FIN("fin", "#7048e8", "FIN"),
    DATA("data", "#2b8a3e", "data"),
    ACK("ack", "#495057", "ACK only");

    final String cssClass;
    final String colour;
    final String legend;

    SegmentKind(String cssClass, String colour, String legend) {
        this.cssClass = cssClass;
        this.colour = colour;
        this.legend = legend;
    }

    static SegmentKind of(IpPacket packet) {
        return packet.tcp().map(SegmentKind::of).orElse(ACK);
    }

    static SegmentKind of(TcpSegment s) {
        if (s.flags().rst()) {
            return RST;
        }
        if (s.flags().syn()) {
            return SYN;
        }
        if (s.flags().fin()) {
            return FIN;
        }
        return s.payload().length() > 0 ? DATA : ACK;
    }

    /** For an expected segment known only by its script text: its flags are the first word. */
    static SegmentKind ofNotation(String notation) {
        String flags = notation.strip().split("\\s+", 2)[0];
        if (flags.contains("R")) {
            return RST;
        }
        if (flags.contains("S")) {
            return SYN;
        }
        if (flags.contains("F")) {
            return FIN;
        }
        return notation.matches(".*\\(([1-9][0-9]*)\\).*") || notation.contains(" len ") ? DATA : ACK;
    }
}
