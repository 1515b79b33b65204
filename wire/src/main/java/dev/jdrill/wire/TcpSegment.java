package dev.jdrill.wire;

import java.util.List;

/**
 * A TCP segment above the IP layer, in absolute (wire) sequence numbers. The engine speaks only these
 * records and the linux target decodes what it reads from TUN into them, so one matcher serves both.
 *
 * @param window the raw 16-bit window field (before any scaling)
 */
public record TcpSegment(
        int sourcePort,
        int destinationPort,
        long seq,
        long ack,
        TcpFlags flags,
        int window,
        int urgentPointer,
        List<TcpOption> options,
        Payload payload) implements Transport {

    public TcpSegment {
        WireChecks.u16(sourcePort, "source port");
        WireChecks.u16(destinationPort, "destination port");
        WireChecks.u32(seq, "seq");
        WireChecks.u32(ack, "ack");
        WireChecks.u16(window, "window");
        WireChecks.u16(urgentPointer, "urgent pointer");
        options = List.copyOf(options);
        int optionBytes = 0;
        for (TcpOption o : options) {
            optionBytes += o.wireLength();
        }
        if (optionBytes > 40) {
            throw new IllegalArgumentException("TCP options take " + optionBytes + " bytes, more than 40");
        }
    }

    /**
     * Sequence space this segment occupies: payload bytes plus one each for SYN and FIN.
     */
    public long sequenceLength() {
        return payload.length() + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    }

    /** The sequence number just past this segment. */
    public long endSeq() {
        return (seq + payload.length()) & 0xffff_ffffL;
    }

    /** Header length in bytes, options padded to a 4-byte boundary. */
    public int headerLength() {
        int optionBytes = 0;
        for (TcpOption o : options) {
            optionBytes += o.wireLength();
        }
        return 20 + ((optionBytes + 3) & ~3);
    }

    public <T extends TcpOption> java.util.Optional<T> option(Class<T> type) {
        for (TcpOption o : options) {
            if (type.isInstance(o)) {
                return java.util.Optional.of(type.cast(o));
            }
        }
        return java.util.Optional.empty();
    }

    public TcpSegment withSeq(long newSeq) {
        return new TcpSegment(sourcePort, destinationPort, newSeq, ack, flags, window, urgentPointer, options, payload);
    }

    public TcpSegment withAck(long newAck) {
        return new TcpSegment(sourcePort, destinationPort, seq, newAck, flags, window, urgentPointer, options, payload);
    }

    public TcpSegment withOptions(List<TcpOption> newOptions) {
        return new TcpSegment(sourcePort, destinationPort, seq, ack, flags, window, urgentPointer, newOptions, payload);
    }

    /**
     * Absolute packetdrill-style notation, e.g. {@code S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>}.
     * Relative numbering is the interpreter's business; this prints what is on the wire.
     */
    public String toScript() {
        StringBuilder sb = new StringBuilder();
        sb.append(flags.toScript()).append(' ')
                .append(seq).append(':').append(endSeq()).append('(').append(payload.length()).append(')');
        if (flags.ack()) {
            sb.append(" ack ").append(ack);
        }
        sb.append(" win ").append(window);
        if (flags.urg()) {
            sb.append(" urg ").append(urgentPointer);
        }
        if (!options.isEmpty()) {
            sb.append(" <");
            for (int i = 0; i < options.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(options.get(i).toScript());
            }
            sb.append('>');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return sourcePort + " > " + destinationPort + " " + toScript();
    }
}
