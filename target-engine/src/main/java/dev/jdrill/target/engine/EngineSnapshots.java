package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketSnapshot;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.ConnectionSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The engine's {@link SocketSnapshot}s as the interpreter's {@link ConnectionSnapshot}s (live numbering). */
final class EngineSnapshots {
    private EngineSnapshots() {
    }

    static List<ConnectionSnapshot> connections(TcpStack stack) {
        List<ConnectionSnapshot> out = new ArrayList<>();
        for (SocketSnapshot s : stack.snapshots()) {
            var remote = s.remote();
            List<ConnectionSnapshot.PendingTimer> timers = new ArrayList<>();
            for (SocketSnapshot.PendingTimer t : s.timers()) {
                timers.add(new ConnectionSnapshot.PendingTimer(t.name(), t.deadlineMicros()));
            }
            boolean seq = s.synchronized_();
            out.add(new ConnectionSnapshot(s.local().address(), s.local().port(),
                    remote.map(r -> r.address()).orElse(anyLike(s.local().address())),
                    remote.map(r -> r.port()).orElse(0), s.state(), s.fd(),
                    when(seq, s.sndUna()), when(seq, s.sndNxt()), when(seq, s.rcvNxt()),
                    when(seq, s.sndWnd()), when(seq, s.rcvWnd()),
                    when(seq, s.iss()), when(seq, s.irs()), timers));
        }
        return out;
    }

    private static OptionalLong when(boolean known, long value) {
        return known ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** The wildcard address of the same family ({@code ss} prints a listener's peer as 0.0.0.0:*). */
    private static java.net.InetAddress anyLike(java.net.InetAddress a) {
        try {
            return java.net.InetAddress.getByName(a instanceof java.net.Inet4Address ? "0.0.0.0" : "::");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
