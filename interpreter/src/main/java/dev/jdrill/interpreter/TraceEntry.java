package dev.jdrill.interpreter;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.util.Optional;

/**
 * One thing that happened during a run, at its time (script time, microseconds): what reporters, the
 * pcap writer and the ladder diagrams draw.
 */
public sealed interface TraceEntry {

    long timeMicros();

    /** The script injected this packet (live form), from line {@code line}. */
    record Injected(long timeMicros, IpPacket packet, String scriptNotation, int line) implements TraceEntry {
    }

    /**
     * The stack sent this packet; {@code line} is the {@code >} line it matched, 0 if none; {@code window}
     * is when that line allowed it (empty for {@code *} or no line).
     */
    record Sent(long timeMicros, IpPacket packet, String scriptNotation, int line, Optional<Window> window)
            implements TraceEntry {
        public Sent(long timeMicros, IpPacket packet, String scriptNotation, int line) {
            this(timeMicros, packet, scriptNotation, line, Optional.empty());
        }
    }

    /** A socket call returned. */
    record CallReturned(long timeMicros, long startMicros, String text, int line) implements TraceEntry {
    }

    /** The connection was seen in this state (by a state assertion or a call's effect). */
    record StateSeen(long timeMicros, TcpState state, int line) implements TraceEntry {
    }

    /** Something the script expected and did not get; drawn in red. {@code window}: when it was due. */
    record Expected(long timeMicros, String scriptNotation, int line, Optional<Window> window) implements TraceEntry {
        public Expected(long timeMicros, String scriptNotation, int line) {
            this(timeMicros, scriptNotation, line, Optional.empty());
        }
    }

    /**
     * The script times an expected segment was on time in: the scripted time or range widened by the
     * tolerance on both sides (what the ladder diagrams shade).
     */
    record Window(long earliestMicros, long latestMicros) {
    }
}
