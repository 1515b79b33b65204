package dev.jdrill.interpreter;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;

/**
 * One thing that happened during a run, at its time (script time, microseconds): what reporters, the
 * pcap writer and the ladder diagrams draw.
 */
public sealed interface TraceEntry {

    long timeMicros();

    /** The script injected this packet (live form), from line {@code line}. */
    record Injected(long timeMicros, IpPacket packet, String scriptNotation, int line) implements TraceEntry {
    }

    /** The stack sent this packet; {@code line} is the {@code >} line it matched, 0 if none. */
    record Sent(long timeMicros, IpPacket packet, String scriptNotation, int line) implements TraceEntry {
    }

    /** A socket call returned. */
    record CallReturned(long timeMicros, long startMicros, String text, int line) implements TraceEntry {
    }

    /** The connection was seen in this state (by a state assertion or a call's effect). */
    record StateSeen(long timeMicros, TcpState state, int line) implements TraceEntry {
    }

    /** Something the script expected and did not get; drawn in red. */
    record Expected(long timeMicros, String scriptNotation, int line) implements TraceEntry {
    }
}
