package dev.jdrill.cli.frompcap;

import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A captured segment in packetdrill's notation with sequence numbers relative to the ISNs, as tcpdump
 * prints them and as the interpreter maps them back: {@code P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val
 * 120 ecr 200>}. The peer's segments carry {@code win} (mandatory on injected segments); the stack's
 * leave it out, so the window the stack picks is not checked.
 */
final class SegmentNotation {
    private static final long MOD = 1L << 32;

    private SegmentNotation() {
    }

    /**
     * The flags with the ACK dot last ({@code SE.}, {@code E.}): packetdrill prints {@code S.E} but its
     * parser takes the dot only at the end when other letters follow it, and so does jdrill's.
     */
    static String flags(TcpSegment tcp) {
        String printed = tcp.flags().toScript();
        return tcp.flags().ack() && !printed.endsWith(".") ? printed.replace(".", "") + "." : printed;
    }

    /**
     * @param ownIsn the sender's initial sequence number
     * @param otherIsn the receiver's, for the ack field and SACK blocks
     */
    static String of(TcpSegment tcp, boolean fromPeer, long ownIsn, long otherIsn) {
        long seq = relative(tcp.seq(), ownIsn);
        int length = tcp.payload().length();
        StringBuilder sb = new StringBuilder(flags(tcp)).append(' ')
                .append(seq).append(':').append((seq + length) % MOD).append('(').append(length).append(')');
        if (tcp.flags().ack()) {
            sb.append(" ack ").append(relative(tcp.ack(), otherIsn));
        }
        if (fromPeer) {
            sb.append(" win ").append(tcp.window());
        }
        if (tcp.flags().urg()) {
            sb.append(" urg ").append(tcp.urgentPointer());
        }
        List<String> options = new ArrayList<>();
        for (TcpOption o : tcp.options()) {
            switch (o) {
                case TcpOption.Sack sack -> {
                    StringBuilder s = new StringBuilder("sack");
                    for (TcpOption.SackBlock b : sack.blocks()) {
                        s.append(' ').append(relative(b.left(), otherIsn)).append(':').append(relative(b.right(), otherIsn));
                    }
                    options.add(s.toString());
                }
                case TcpOption.Unknown u -> {
                    if (!fromPeer) {
                        // The script language has no words for it: accept whatever options the stack sends.
                        return sb.append(" <...>").toString();
                    }
                    // Injected without it; the script cannot say it.
                }
                default -> options.add(o.toScript());
            }
        }
        if (!options.isEmpty()) {
            sb.append(" <").append(String.join(",", options)).append('>');
        }
        return sb.toString();
    }

    static long relative(long absolute, long isn) {
        return Math.floorMod(absolute - isn, MOD);
    }
}
