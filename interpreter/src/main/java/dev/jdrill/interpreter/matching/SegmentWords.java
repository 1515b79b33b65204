package dev.jdrill.interpreter.matching;

import dev.jdrill.wire.TcpFlags;

/** Names segments the way an engineer says them: "a SYN-ACK", "a RST", "its FIN", "data". */
final class SegmentWords {
    private SegmentWords() {
    }

    static String describe(TcpFlags flags, int payloadLength) {
        if (flags.rst()) {
            return "a RST";
        }
        if (flags.syn()) {
            return flags.ack() ? "a SYN-ACK" : "a SYN";
        }
        if (flags.fin()) {
            return payloadLength > 0 ? "data with a FIN" : "a FIN";
        }
        if (payloadLength > 0) {
            return payloadLength + " bytes of data";
        }
        return flags.ack() ? "a pure ACK" : "a segment with no flags";
    }
}
