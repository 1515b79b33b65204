package dev.jdrill.report.divergence;

import java.util.List;
import java.util.Locale;

/**
 * One segment a stack sent, in numbers that mean the same on every target: sequence numbers relative
 * to the sender's ISN, acks and SACK edges relative to the peer's (the script's, the same on both),
 * TS val as the change since the connection's first one (each stack picks its own clock base), TS ecr
 * as sent (it echoes the script's own values).
 *
 * @param line the {@code >} line it matched, or the last script line reached before it (see {@code matched})
 * @param matched whether a {@code >} line asserted it, rather than being sent while the run was elsewhere
 * @param ack the relative ack, or -1 when the ACK flag is off
 * @param tsValDelta TS val minus the connection's first TS val, or -1 without a timestamp option
 * @param tsEcr TS ecr as sent, or -1 without a timestamp option
 * @param options the other options in script notation, SACK edges relative, in order
 * @param sinceEventMicros time since the event before it in the same run (what packetdrill's timing
 *     checks measure: absolute times drift apart on a loaded host, gaps do not)
 * @param tsElapsedMicros time since the connection's first timestamped segment, or -1
 */
public record StreamSegment(int line, boolean matched, long timeMicros, String flags, long seq, int length, long ack,
                            int window, long tsValDelta, long tsEcr, List<String> options, long sinceEventMicros,
                            long tsElapsedMicros) {

    public StreamSegment {
        options = List.copyOf(options);
    }

    /** Script notation with TS val written as its change ({@code TS val +20}), and the time. */
    public String render() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.6f %s %d:%d(%d)", timeMicros / 1e6, flags, seq,
                seq + length, length));
        if (ack >= 0) {
            sb.append(" ack ").append(ack);
        }
        sb.append(" win ").append(window);
        if (!options.isEmpty() || tsValDelta >= 0) {
            sb.append(" <");
            String sep = "";
            for (String o : options) {
                sb.append(sep).append(o.equals("TS") ? "TS val +" + tsValDelta + " ecr " + tsEcr : o);
                sep = ",";
            }
            sb.append('>');
        }
        return sb.toString();
    }
}
