package dev.jdrill.repl;

import dev.jdrill.interpreter.SessionConnection;
import dev.jdrill.interpreter.target.ConnectionSnapshot;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** What {@code :state} prints: one block per connection. */
final class StateReport {
    /** The TCP_INFO fields worth a glance when the target tells no more (windows, timers' effect). */
    private static final List<String> INFO_FIELDS = List.of("tcpi_rto", "tcpi_retransmits", "tcpi_backoff", "tcpi_probes",
            "tcpi_unacked", "tcpi_snd_wnd", "tcpi_rcv_wnd", "tcpi_snd_cwnd", "tcpi_total_retrans");

    private StateReport() {
    }

    /** From a target that looks inside its stack: sequence variables and pending timers. */
    static String ofSnapshots(List<ConnectionSnapshot> connections, java.util.Map<Integer, Integer> scriptFdByLiveFd,
                              long nowMicros) {
        if (connections.isEmpty()) {
            return "no sockets (time " + seconds(nowMicros) + " s)";
        }
        StringBuilder sb = new StringBuilder("time " + seconds(nowMicros) + " s\n");
        for (ConnectionSnapshot c : connections) {
            sb.append(endpoint(c.localAddress(), c.localPort())).append(" <-> ")
                    .append(endpoint(c.remoteAddress(), c.remotePort())).append("  ").append(c.state());
            // Scripts name fds by their own numbers; the live one is shown only when the script has none for it.
            c.liveFd().ifPresent(fd -> sb.append(scriptFdByLiveFd.containsKey(fd)
                    ? "  script fd " + scriptFdByLiveFd.get(fd) : "  live fd " + fd));
            sb.append('\n');
            // Relative to the ISNs, as a script's segments write them (so `snd_nxt 1` after the SYN is
            // acknowledged); the ISNs themselves once, for reading a capture.
            StringBuilder numbers = new StringBuilder();
            field(numbers, "snd_una", relative(c.sndUna(), c.iss()));
            field(numbers, "snd_nxt", relative(c.sndNxt(), c.iss()));
            field(numbers, "rcv_nxt", relative(c.rcvNxt(), c.irs()));
            field(numbers, "snd_wnd", c.sndWnd());
            field(numbers, "rcv_wnd", c.rcvWnd());
            if (!numbers.isEmpty()) {
                sb.append("  ").append(numbers.toString().strip());
                if (c.iss().isPresent() && c.irs().isPresent()) {
                    sb.append("  (relative; ISNs: stack ").append(c.iss().getAsLong()).append(", peer ")
                            .append(c.irs().getAsLong()).append(')');
                }
                sb.append('\n');
            }
            for (ConnectionSnapshot.PendingTimer t : c.timers()) {
                sb.append("  timer ").append(t.name()).append(" fires at ").append(seconds(t.deadlineMicros()))
                        .append(" s (in ").append(seconds(t.deadlineMicros() - nowMicros)).append(" s)\n");
            }
            if (c.timers().isEmpty()) {
                sb.append("  no timer pending\n");
            }
        }
        return sb.toString().stripTrailing();
    }

    /** From the session's own knowledge: endpoints, state and TCP_INFO (no timers: the seam does not show them). */
    static String ofSession(List<SessionConnection> connections, long nowMicros) {
        if (connections.isEmpty()) {
            return "no sockets yet (time " + seconds(nowMicros) + " s)";
        }
        StringBuilder sb = new StringBuilder("time " + seconds(nowMicros) + " s\n");
        for (SessionConnection c : connections) {
            // A listener has no peer; the script's default remote port means nothing there.
            String remote = c.state() == dev.jdrill.wire.TcpState.LISTEN ? "*:*"
                    : endpoint(c.key().remoteAddress(), c.key().remotePort());
            sb.append(endpoint(c.key().localAddress(), c.key().localPort())).append(" <-> ").append(remote)
                    .append("  ").append(c.state());
            c.scriptFd().ifPresent(fd -> sb.append("  script fd ").append(fd));
            if (c.underTest()) {
                sb.append("  (under test)");
            }
            sb.append('\n');
            StringBuilder info = new StringBuilder();
            for (String name : INFO_FIELDS) {
                Long v = c.tcpInfo().get(name);
                if (v != null) {
                    info.append(name.substring("tcpi_".length())).append(' ').append(v).append("  ");
                }
            }
            if (!info.isEmpty()) {
                sb.append("  ").append(info.toString().strip()).append('\n');
            }
        }
        sb.append("(this target shows no sequence variables or timers to the REPL)");
        return sb.toString();
    }

    /** {@code value - isn} modulo 2^32; absolute when the ISN is unknown. */
    static OptionalLong relative(OptionalLong value, OptionalLong isn) {
        if (value.isEmpty() || isn.isEmpty()) {
            return value;
        }
        return OptionalLong.of((value.getAsLong() - isn.getAsLong()) & 0xffff_ffffL);
    }

    private static void field(StringBuilder sb, String name, OptionalLong value) {
        value.ifPresent(v -> sb.append(name).append(' ').append(v).append("  "));
    }

    private static String endpoint(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1e6);
    }
}
