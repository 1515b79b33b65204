package dev.jdrill.cli.frompcap;

import dev.jdrill.cli.frompcap.TcpConnection.CapturedSegment;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keepalive settings a capture shows. Linux's probe (tcp_write_wakeup → tcp_xmit_probe_skb) is a bare
 * ACK one below the oldest unacknowledged byte, {@code seq = snd_una - 1}, sent while the peer's window is
 * open (with the window shut the same segment is a zero-window probe, not keepalive). The first comes
 * TCP_KEEPIDLE after the last segment received; unanswered, the next TCP_KEEPINTVL later; after
 * TCP_KEEPCNT unanswered probes the next expiry sends a RST instead.
 *
 * @param idleSeconds TCP_KEEPIDLE
 * @param intervalSeconds TCP_KEEPINTVL, when two probes went unanswered in a row
 * @param count TCP_KEEPCNT, when the capture ends the connection with the keepalive RST
 * @param probes the indices of the probes among the connection's segments
 * @param armMicros when SO_KEEPALIVE went on: TCP_KEEPIDLE before the first probe (turning it on arms the
 *     timer for a whole TCP_KEEPIDLE from then, whatever the idle time so far)
 */
record KeepaliveProbes(long idleSeconds, Optional<Long> intervalSeconds, Optional<Integer> count, List<Integer> probes,
        long armMicros) {
    private static final long MICROS = 1_000_000L;

    static Optional<KeepaliveProbes> find(List<CapturedSegment> segments, long localIsn) {
        long peerAckedTo = -1;
        int peerWindow = 1;
        long lastReceived = -1;
        long idle = -1;
        long firstIdle = -1;
        long firstProbe = -1;
        Long interval = null;
        Integer count = null;
        int unanswered = 0;
        long lastProbe = -1;
        List<Integer> probes = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            CapturedSegment s = segments.get(i);
            TcpSegment tcp = s.tcp();
            if (!s.fromLocal()) {
                lastReceived = s.micros();
                unanswered = 0;
                if (tcp.flags().ack()) {
                    peerAckedTo = SegmentNotation.relative(tcp.ack(), localIsn);
                    peerWindow = tcp.window();
                }
                continue;
            }
            boolean bareAck = tcp.flags().ack() && !tcp.flags().syn() && !tcp.flags().fin() && !tcp.flags().rst()
                    && !tcp.flags().psh() && tcp.payload().length() == 0;
            if (bareAck && peerWindow > 0 && peerAckedTo > 0
                    && SegmentNotation.relative(tcp.seq(), localIsn) == peerAckedTo - 1 && lastReceived >= 0) {
                if (unanswered == 0) {
                    long seconds = Math.round((double) (s.micros() - lastReceived) / MICROS);
                    if (probes.isEmpty()) {
                        firstIdle = seconds;
                        firstProbe = s.micros();
                    } else if (idle < 0) {
                        // A probe after an answered one shows the idle time itself; the first may come later
                        // (the timer was armed after the last receive).
                        idle = seconds;
                    }
                } else if (interval == null) {
                    interval = Math.max(1, Math.round((double) (s.micros() - lastProbe) / MICROS));
                }
                probes.add(i);
                unanswered++;
                lastProbe = s.micros();
            } else if (tcp.flags().rst() && unanswered > 0 && count == null) {
                // Nothing arrived since the last probe: the RST is the keepalive timer's, not a reply.
                count = unanswered;
            }
        }
        if (idle < 0) {
            idle = firstIdle;
        }
        if (idle < 1) {
            return Optional.empty(); // no probe, or sooner than TCP_KEEPIDLE can say
        }
        return Optional.of(new KeepaliveProbes(idle, Optional.ofNullable(interval), Optional.ofNullable(count),
                List.copyOf(probes), firstProbe - idle * MICROS));
    }

    /** The setsockopt calls that give a socket these settings, SO_KEEPALIVE last. */
    List<String> calls(int fd) {
        List<String> calls = new ArrayList<>();
        calls.add("setsockopt(" + fd + ", IPPROTO_TCP, TCP_KEEPIDLE, [" + idleSeconds + "], 4) = 0");
        intervalSeconds.ifPresent(s -> calls.add("setsockopt(" + fd + ", IPPROTO_TCP, TCP_KEEPINTVL, [" + s + "], 4) = 0"));
        count.ifPresent(n -> calls.add("setsockopt(" + fd + ", IPPROTO_TCP, TCP_KEEPCNT, [" + n + "], 4) = 0"));
        calls.add("setsockopt(" + fd + ", SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0");
        return calls;
    }
}
