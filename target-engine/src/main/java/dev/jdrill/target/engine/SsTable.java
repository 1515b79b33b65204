package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketSnapshot;
import dev.jdrill.wire.TcpState;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The engine's sockets as {@code ss -tan} prints them, for the {@code ss} shim (which drops the rows
 * {@code ss} hides without {@code -a}: listeners, closed sockets, TIME-WAIT and SYN-RECV). The
 * engine's snapshots do not carry queue lengths, so Recv-Q and Send-Q show {@code -} rather than a
 * number that would be a guess.
 */
final class SsTable {
    private SsTable() {
    }

    static String render(List<SocketSnapshot> sockets) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s %-6s %-6s %-25s %-25s%n",
                "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"));
        for (SocketSnapshot s : sockets) {
            String peer = s.remote().map(r -> address(r.address()) + ":" + r.port())
                    .orElse((s.local().address() instanceof Inet6Address ? "[::]" : "0.0.0.0") + ":*");
            out.append(String.format(Locale.ROOT, "%-10s %-6s %-6s %-25s %-25s%n", state(s.state()), "-", "-",
                    address(s.local().address()) + ":" + (s.local().port() == 0 ? "*" : s.local().port()), peer));
        }
        return out.toString();
    }

    private static String address(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress().replaceAll("(^|:)0+(?=[0-9a-f])", "$1") + "]"
                : a.getHostAddress();
    }

    /** ss's names (sstate_name in ss.c). */
    private static String state(TcpState s) {
        return switch (s) {
            case CLOSED -> "UNCONN";
            case LISTEN -> "LISTEN";
            case SYN_SENT -> "SYN-SENT";
            case SYN_RECV -> "SYN-RECV";
            case ESTABLISHED -> "ESTAB";
            case FIN_WAIT1 -> "FIN-WAIT-1";
            case FIN_WAIT2 -> "FIN-WAIT-2";
            case CLOSE_WAIT -> "CLOSE-WAIT";
            case CLOSING -> "CLOSING";
            case LAST_ACK -> "LAST-ACK";
            case TIME_WAIT -> "TIME-WAIT";
        };
    }
}
