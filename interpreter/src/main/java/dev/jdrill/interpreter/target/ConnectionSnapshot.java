package dev.jdrill.interpreter.target;

import dev.jdrill.wire.TcpState;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One socket as the stack sees it at an instant (live numbering). Fields a target cannot read are empty.
 *
 * @param liveFd the fd that refers to it; empty for orphans and not-yet-accepted connections
 * @param iss the stack's initial sequence number, {@code irs} the peer's: sequence numbers relative to them
 *     are the ones scripts write
 * @param timers the pending timers, each with the script time it fires at
 */
public record ConnectionSnapshot(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort,
                                 TcpState state, OptionalInt liveFd, OptionalLong sndUna, OptionalLong sndNxt,
                                 OptionalLong rcvNxt, OptionalLong sndWnd, OptionalLong rcvWnd,
                                 OptionalLong iss, OptionalLong irs, List<PendingTimer> timers) {

    public ConnectionSnapshot {
        timers = List.copyOf(timers);
    }

    /** A timer by its Linux name ({@code retransmit}, {@code keepalive}, {@code time-wait}…) and deadline. */
    public record PendingTimer(String name, long deadlineMicros) {
    }
}
