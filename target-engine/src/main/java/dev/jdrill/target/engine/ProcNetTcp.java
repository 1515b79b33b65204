package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketSnapshot;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * The engine's sockets as /proc/net/tcp and /proc/net/tcp6 print them (tcp4_seq_show): addresses in
 * the host's byte order as hex, ports and the Linux state number in hex. Queue lengths, timers, uid
 * and inode are not in the engine's snapshots and read 0; scripts grep these files for a socket's
 * state and port, which are exact.
 */
final class ProcNetTcp {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    private ProcNetTcp() {
    }

    static String render(List<SocketSnapshot> sockets, boolean ipv6) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        int slot = 0;
        for (SocketSnapshot s : sockets) {
            if ((s.local().address() instanceof Inet6Address) != ipv6) {
                continue;
            }
            String remote = s.remote().map(r -> hex(r.address()) + ":" + port(r.port()))
                    .orElse(hex(zero(ipv6)) + ":0000");
            out.append(String.format(Locale.ROOT, "%4d: %s:%s %s %02X 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000%n",
                    slot++, hex(s.local().address()), port(s.local().port()), remote, s.state().linuxNumber()));
        }
        return out.toString();
    }

    private static String port(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }

    /** Each 32-bit word of the address as the kernel prints it on a little-endian host (%08X of the u32). */
    private static String hex(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < b.length; w += 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(String.format(Locale.ROOT, "%02X", b[w + i] & 0xff));
            }
        }
        return sb.toString();
    }

    private static InetAddress zero(boolean ipv6) {
        try {
            return InetAddress.getByAddress(new byte[ipv6 ? 16 : 4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
