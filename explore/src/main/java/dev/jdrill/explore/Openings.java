package dev.jdrill.explore;

import java.util.ArrayList;
import java.util.List;

/** How a generated script opens its connection: the stack connects, or the peer's SYN reaches a listener. */
final class Openings {

    private Openings() {
    }

    /** socket, bind, listen, the peer's SYN, then the third ACK (or something else), then accept
     * (made non-blocking: accept does not inherit O_NONBLOCK). */
    static void passive(Conversation c, Family family) {
        c.add(0, "socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3");
        c.add(0, "bind(3, ..., ...) = 0");
        c.add(0, "listen(3, 1) = 0");
        c.listening = true;
        String syn = "< S 0:0(0) win " + c.pick(65535, 29200, 1000) + synOptions(c);
        c.add(c.pick(0, 10_000), syn);
        if (family == Family.LIFECYCLE && c.chance(0.12)) {
            c.add(c.pick(10_000, 50_000), syn); // a retransmitted SYN
        }
        double r = c.random.nextDouble();
        // The handshake's RTT sets the stack's RTO: 100 ms keeps its timers clear of the peer's next moves.
        long rtt = family == Family.LIFECYCLE && c.chance(0.1) ? 1_100_000 : 100_000; // or the SYN-ACK was lost once
        if (family == Family.DATA || r < 0.78) {
            c.window = c.pick(257, 257, 1000, 65535);
            c.add(rtt, "< . seq 1 win " + c.window + c.options());
            c.synchronized_ = true;
        } else if (r < 0.86) {
            // The third ACK is lost: the peer's first data completes the handshake.
            c.window = 257;
            c.add(rtt, "< P. seq 1 len 100 win 257" + c.options());
            c.peerNext = 101;
            c.synchronized_ = true;
        } else if (r < 0.93) {
            c.add(rtt, "< R seq 1 win 0");
        } else {
            c.add(rtt, "< . seq 1 ack " + c.pick(1000, 2) + " win 257" + c.options());
        }
        if (c.chance(0.95)) {
            c.add(0, "accept(3, ..., ...) = 4");
            c.add(0, "fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
            c.fd = 4;
        }
    }

    /** socket, connect, then the peer answers with a SYN-ACK, a RST, an ICMP error, its own SYN, or nothing. */
    static void active(Conversation c, Family family) {
        c.add(0, "socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3");
        c.add(0, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        c.fd = 3;
        double r = family == Family.DATA ? 0 : c.random.nextDouble();
        long rtt = family == Family.LIFECYCLE && c.chance(0.12) ? c.pick(1_100_000, 2_100_000) : 100_000;
        String synAck = "< S. 0:0(0) ack 1 win " + c.pick(65535, 29200, 1000) + synOptions(c);
        if (r < 0.72) {
            c.add(rtt, synAck);
            c.synchronized_ = true;
        } else if (r < 0.8) {
            c.add(rtt, "< R. 0:0(0) ack 1 win 0");
        } else if (r < 0.85) {
            c.add(rtt, "< icmp unreachable " + c.pick(List.of("port_unreachable", "host_unreachable",
                    "protocol_unreachable", "net_unreachable")) + " [0:0(0)]");
        } else if (r < 0.9) {
            c.add(rtt, "< S. 0:0(0) ack " + c.pick(1000, 0) + " win 65535" + synOptions(c));
        } else if (r < 0.95) {
            // Simultaneous open: the peer's own SYN crosses ours, then its SYN-ACK.
            c.add(rtt, "< S 0:0(0) win 65535" + synOptions(c));
            if (c.chance(0.7)) {
                c.add(c.pick(10_000, 50_000), synAck);
                c.synchronized_ = true;
            }
        } else {
            c.add(c.pick(1_100_000, 2_100_000), "state SYN_SENT");
        }
        if (c.synchronized_ && c.chance(0.2)) {
            // The SYN-ACK again: our ACK was lost.
            c.add(c.pick(10_000, 200_000), synAck);
        }
    }

    /** The peer's SYN options: any of MSS, SACK-permitted, timestamps and window scale, NOP-padded. */
    static String synOptions(Conversation c) {
        List<String> opts = new ArrayList<>();
        int length = 0;
        if (c.chance(0.85)) {
            opts.add("mss " + c.pick(1460, 1460, 1000, 536));
            length += 4;
        }
        if (c.chance(0.6)) {
            opts.add("sackOK");
            length += 2;
        }
        if (c.chance(0.5)) {
            opts.add("TS val " + (1000 + c.elapsedMicros / 1000) + " ecr 0");
            length += 10;
            c.peerTimestamps = true;
        }
        if (c.chance(0.6)) {
            c.peerWscale = c.pick(0, 2, 7, 7, 14);
            opts.add("nop");
            opts.add("wscale " + c.peerWscale);
            length += 4;
        }
        while (length % 4 != 0) {
            opts.add(opts.isEmpty() ? 0 : opts.size() - (c.peerWscale >= 0 ? 2 : 0), "nop");
            length++;
        }
        return opts.isEmpty() ? "" : " <" + String.join(",", opts) + ">";
    }
}
