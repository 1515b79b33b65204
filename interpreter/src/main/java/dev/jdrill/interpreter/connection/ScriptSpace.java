package dev.jdrill.interpreter.connection;

import dev.jdrill.grammar.ast.TcpOptionSpec;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Maps the stack's live segments into the script's numbering (tcp_convert_seq_number and
 * map_outbound_live_packet in packetdrill), so a segment can be compared with the script's line and
 * printed the way the script would write it.
 */
public final class ScriptSpace {

    private ScriptSpace() {
    }

    /**
     * The live segment renumbered: seq and ack relative to the ISNs (absolute in SYNs), SACK blocks
     * relative to the peer's ISN, and the TS val relative to the first one the script named.
     *
     * @param expected the script line it is compared with, whose TS val anchors the TS mapping
     */
    public static TcpSegment toScript(TcpSegment live, ScriptConnection connection, Optional<TcpPacket> expected) {
        Optional<Long> scriptTsVal = expected.flatMap(ScriptSpace::tsVal);
        return renumbered(live, connection, val -> connection.outboundTsValToScript(val, scriptTsVal));
    }

    /**
     * As {@link #toScript}, for a segment a session reports as it is sent, before any line asserts it
     * (the REPL): it teaches the TS mapping nothing, since only a script's line may anchor it.
     */
    public static TcpSegment asReported(TcpSegment live, ScriptConnection connection) {
        return renumbered(live, connection, connection::reportedTsValToScript);
    }

    private static TcpSegment renumbered(TcpSegment live, ScriptConnection connection, LongUnaryOperator tsValToScript) {
        boolean syn = live.flags().syn();
        long seq = connection.outboundSeqToScript(live.seq(), syn);
        long ack = live.flags().ack() ? connection.outboundAckToScript(live.ack(), syn) : live.ack();
        List<TcpOption> options = new ArrayList<>(live.options().size());
        for (TcpOption o : live.options()) {
            options.add(switch (o) {
                case TcpOption.Sack s -> s.mapEdges(edge -> connection.outboundAckToScript(edge, false));
                case TcpOption.Timestamp ts -> new TcpOption.Timestamp(tsValToScript.applyAsLong(ts.val()), ts.ecr());
                default -> o;
            });
        }
        return new TcpSegment(live.sourcePort(), live.destinationPort(), seq, ack, live.flags(), live.window(),
                live.urgentPointer(), options, live.payload());
    }

    private static Optional<Long> tsVal(TcpPacket packet) {
        if (packet.options() instanceof TcpOptionsSpec.OptionList list) {
            for (TcpOptionSpec o : list.options()) {
                if (o instanceof TcpOptionSpec.Timestamp ts) {
                    return Optional.of(ts.val());
                }
            }
        }
        return Optional.empty();
    }
}
