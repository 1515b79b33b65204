package dev.jdrill.target.engine;

import dev.jdrill.engine.Tunables;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;

/**
 * Tunables the engine accepts although it does not model what they switch on, because nothing in
 * most scripts reaches it: server-side Fast Open ({@code tcp_fastopen} bit 0x2, and
 * {@code tcp_fastopen_key}), which packetdrill's own baseline turns on for every script. The moment a
 * script does reach it — a SYN carrying a Fast Open option arrives while it is on — the run is a
 * SKIP naming the tunable, instead of the engine answering as if it were off.
 */
final class DormantTunables {
    private DormantTunables() {
    }

    static void check(Tunables k, IpPacket packet) throws UnsupportedByTargetException {
        if (!k.serverFastOpenEnabled() || !(packet.transport() instanceof TcpSegment seg)) {
            return;
        }
        boolean syn = seg.flags().has(TcpFlags.SYN) && !seg.flags().has(TcpFlags.ACK);
        if (syn && (seg.option(TcpOption.FastOpen.class).isPresent()
                || seg.option(TcpOption.FastOpenExperimental.class).isPresent())) {
            throw new UnsupportedByTargetException("the engine does not model server-side Fast Open (net.ipv4.tcp_fastopen="
                    + k.tcpFastopen + " with tcp_fastopen_key), which this SYN's Fast Open option would use");
        }
    }
}
