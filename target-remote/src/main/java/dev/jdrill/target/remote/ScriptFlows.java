package dev.jdrill.target.remote;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpSegment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP flows of this run, so that only their segments reach the script. The host under test outlives
 * a script: connections an earlier run left behind (orphans retransmitting a FIN, TIME_WAIT answering)
 * still talk to the peer address, and must not be taken for this script's. A flow is this run's when
 * jdrill injected a segment on it, or when the host opened it with a SYN during the run.
 */
final class ScriptFlows {
    private final Set<Long> flows = ConcurrentHashMap.newKeySet();

    private static long key(int hostPort, int peerPort) {
        return ((long) hostPort << 16) | peerPort;
    }

    /** A segment jdrill sends makes its flow this run's. */
    void injected(IpPacket packet) {
        if (packet.transport() instanceof TcpSegment s) {
            flows.add(key(s.destinationPort(), s.sourcePort()));
        }
    }

    /** Whether a packet the host sent belongs to this run; a SYN from the host opens a flow. */
    boolean captured(IpPacket packet) {
        if (!(packet.transport() instanceof TcpSegment s)) {
            return true; // ICMP and UDP are not connection state a run leaves behind
        }
        long k = key(s.sourcePort(), s.destinationPort());
        if (s.flags().syn() && !s.flags().ack()) {
            flows.add(k);
            return true;
        }
        return flows.contains(k);
    }
}
