package dev.jdrill.engine;

import dev.jdrill.wire.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One socket at an instant, for inspection (a REPL's {@code :state}, {@code ss -tie}): endpoints,
 * state, the fd (empty for orphans and unaccepted connections), the sequence variables in live
 * (absolute) numbering — meaningless while {@code synchronized_} is false — and the armed timers.
 *
 * @param remote empty for a listener or a socket that never connected
 * @param synchronized_ whether a handshake has begun, i.e. the sequence variables mean something
 * @param sndWnd the peer's window, scaled; {@code rcvWnd} the window we last advertised, scaled
 */
public record SocketSnapshot(Endpoint local, Optional<Endpoint> remote, TcpState state, OptionalInt fd,
                             boolean synchronized_, long sndUna, long sndNxt, long rcvNxt, long sndWnd,
                             long rcvWnd, long iss, long irs, List<PendingTimer> timers) {

    public SocketSnapshot {
        timers = List.copyOf(timers);
    }

    /** A timer by the Linux name of its handler's concern, and its deadline (µs of virtual time). */
    public record PendingTimer(String name, long deadlineMicros) {
    }

    static SocketSnapshot of(Tcb t) {
        List<PendingTimer> timers = new ArrayList<>();
        for (Timer timer : new Timer[] {t.transmitTimer, t.delayedAckTimer, t.socketTimer}) {
            if (timer != null) {
                timers.add(new PendingTimer(name(timer), timer.deadlineMicros()));
            }
        }
        boolean sync = t.state != TcpState.CLOSED && t.state != TcpState.LISTEN || t.hasConnected && t.iss != 0;
        return new SocketSnapshot(t.local(), t.remoteAddress == null ? Optional.empty() : Optional.of(t.remote()),
                t.state, t.fd >= 0 ? OptionalInt.of(t.fd) : OptionalInt.empty(), sync,
                t.sndUna, t.sndNxt, t.rcvNxt, t.sndWnd, t.rcvWnd, t.iss, t.irs, timers);
    }

    /** The names {@code ss -o} and the kernel's timer handlers suggest. */
    static String name(Timer timer) {
        return switch (timer) {
            case Timer.Retransmit r -> "retransmit";
            case Timer.LossProbe l -> "loss-probe";
            case Timer.ReorderTimeout r -> "reorder-timeout";
            case Timer.ZeroWindowProbe z -> "zero-window-probe";
            case Timer.SynAckRetransmit s -> "synack-retransmit";
            case Timer.DelayedAck d -> "delayed-ack";
            case Timer.Keepalive k -> "keepalive";
            case Timer.FinWait2Timeout f -> "fin-wait2";
            case Timer.TimeWaitExpiry w -> "time-wait";
        };
    }
}
