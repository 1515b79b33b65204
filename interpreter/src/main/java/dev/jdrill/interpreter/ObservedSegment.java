package dev.jdrill.interpreter;

import dev.jdrill.wire.IpPacket;

/**
 * A packet the stack sent during a {@link ScriptSession}, as the session saw it go out.
 *
 * @param index its place in the session's send order, from 0; a {@code >} line's outcome names it
 * @param timeMicros when it was sent, in script time
 * @param notation the segment in script notation (script numbering when it belongs to the connection
 *     under test, live numbering otherwise)
 * @param ofConnectionUnderTest whether a {@code >} line of the script could match it; a packet of another
 *     flow is passed over by {@code >} lines, as packetdrill's sniffer does
 */
public record ObservedSegment(int index, long timeMicros, IpPacket packet, String notation, boolean ofConnectionUnderTest) {

    /** {@code 1.000000 > S. 0:0(0) ack 1 ...}: the line a script would have for it. */
    public String scriptLine() {
        return String.format(java.util.Locale.ROOT, "%.6f > %s", timeMicros / 1e6, notation);
    }
}
