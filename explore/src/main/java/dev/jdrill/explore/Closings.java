package dev.jdrill.explore;

import java.util.List;

/**
 * The lifecycle family's moves: socket options that change how a connection ends (linger, keepalive, user
 * timeout), small exchanges before the end, and the end itself: who closes first, whether the other side
 * answers, loses segments, retransmits, resets, or sends an ICMP error.
 */
final class Closings {

    private Closings() {
    }

    /** Something before the end: an option, a little data either way, an ICMP error, a wait, a look. */
    static void middle(Conversation c) {
        if (c.fd < 0) {
            return;
        }
        switch (c.random.nextInt(8)) {
            case 0 -> c.add(0, "setsockopt(" + c.fd + ", SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
            case 1 -> keepalive(c);
            case 2 -> c.add(0, "setsockopt(" + c.fd + ", SOL_TCP, TCP_USER_TIMEOUT, [" + c.pick(300, 500, 1000)
                    + "], 4) = 0");
            case 3 -> {
                int n = c.pick(1, 10, 100, 1000);
                c.add(c.pick(0, 10_000), "write(" + c.fd + ", ..., " + n + ") = " + n);
                c.written += n;
                if (c.chance(0.6)) {
                    c.add(c.pick(10_000, 50_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
                    c.peerAcked = c.stackNext();
                }
            }
            case 4 -> {
                int n = c.pick(1, 100, 1000);
                c.add(c.pick(10_000, 100_000), "< P. seq " + c.peerNext + " len " + n + " win " + c.window + c.options());
                c.peerNext += n;
                if (c.chance(0.6)) {
                    c.add(c.pick(0, 10_000), "read(" + c.fd + ", ..., 2000) = " + n);
                }
            }
            case 5 -> c.add(c.pick(10_000, 100_000), "< icmp unreachable " + c.pick(List.of("port_unreachable",
                    "host_unreachable", "frag_needed mtu 1200")) + " [" + c.stackNext() + ":" + c.stackNext() + "(0)]");
            case 6 -> c.add(c.pick(100_000, 400_000, 1_100_000), "state " + (c.synchronized_ ? "ESTABLISHED" : "SYN_SENT"));
            default -> c.add(0, "shutdown(" + c.fd + ", " + c.pick(List.of("SHUT_RD", "SHUT_WR", "SHUT_RDWR")) + ") = 0");
        }
    }

    private static void keepalive(Conversation c) {
        c.add(0, "setsockopt(" + c.fd + ", SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0");
        if (c.chance(0.8)) {
            c.add(0, "setsockopt(" + c.fd + ", SOL_TCP, TCP_KEEPIDLE, [1], 4) = 0");
        }
        if (c.chance(0.6)) {
            c.add(0, "setsockopt(" + c.fd + ", SOL_TCP, TCP_KEEPINTVL, [1], 4) = 0");
        }
        if (c.chance(0.5)) {
            c.add(0, "setsockopt(" + c.fd + ", SOL_TCP, TCP_KEEPCNT, [" + c.pick(1, 2) + "], 4) = 0");
        }
        if (c.chance(0.5)) {
            c.add(c.pick(1_100_000, 2_100_000), "state ESTABLISHED");
        }
    }

    /** The end of the connection. */
    static void any(Conversation c) {
        if (c.fd < 0) {
            if (c.chance(0.5)) {
                c.add(c.pick(10_000, 100_000), "close(3) = 0");
            }
            return;
        }
        switch (c.random.nextInt(10)) {
            case 0, 1, 2, 3 -> localFirst(c);
            case 4, 5, 6 -> peerFirst(c);
            case 7 -> simultaneous(c);
            case 8 -> reset(c);
            default -> { } // left open: keepalive or the user timeout may still end it
        }
    }

    private static void localFirst(Conversation c) {
        boolean shutdown = c.chance(0.25);
        c.add(c.pick(0, 10_000, 100_000), shutdown ? "shutdown(" + c.fd + ", SHUT_WR) = 0" : "close(" + c.fd + ") = 0");
        c.stackFinQueued = true;
        c.closed = !shutdown;
        double r = c.random.nextDouble();
        if (r < 0.45) {
            c.add(c.pick(10_000, 50_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
            if (c.chance(0.7)) {
                peerFin(c, c.pick(10_000, 100_000, 500_000));
                if (c.chance(0.2)) {
                    c.add(c.pick(10_000, 300_000), "< F. seq " + (c.peerNext - 1) + " win " + c.window + c.options());
                }
            }
        } else if (r < 0.6) {
            peerFin(c, c.pick(10_000, 50_000));
        } else if (r < 0.75) {
            // The FIN is lost: the stack retransmits it until the peer acks, or gives up.
            c.add(c.pick(500_000, 1_100_000, 2_100_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
        } else if (r < 0.85) {
            c.add(c.pick(10_000, 100_000), "< P. seq " + c.peerNext + " len " + c.pick(1, 100) + " win " + c.window + c.options());
        } else {
            c.add(c.pick(10_000, 100_000, 600_000), "< R. seq " + Conversation.seq(c.peerNext + offset(c)) + " win 0");
        }
        if (shutdown && c.chance(0.6)) {
            c.add(c.pick(10_000, 100_000), "close(" + c.fd + ") = 0");
            c.closed = true;
        }
    }

    private static void peerFin(Conversation c, long gap) {
        c.add(gap, "< F. seq " + c.peerNext + " win " + c.window + c.options());
        c.peerNext++;
        c.peerFinSent = true;
    }

    private static void peerFirst(Conversation c) {
        peerFin(c, c.pick(10_000, 100_000));
        if (c.chance(0.3)) {
            c.add(c.pick(10_000, 50_000), "< F. seq " + (c.peerNext - 1) + " win " + c.window + c.options()); // duplicate
        }
        if (c.chance(0.5)) {
            c.add(c.pick(0, 10_000), "read(" + c.fd + ", ..., 1000) = 0");
        }
        if (c.chance(0.85)) {
            c.add(c.pick(10_000, 100_000, 300_000), "close(" + c.fd + ") = 0");
            c.stackFinQueued = true;
            c.closed = true;
            if (c.chance(0.6)) {
                c.add(c.pick(10_000, 50_000, 700_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
            }
        }
    }

    private static void simultaneous(Conversation c) {
        c.add(c.pick(10_000, 100_000), "close(" + c.fd + ") = 0");
        c.add(0, "< F. seq " + c.peerNext + " ack " + c.stackNext() + " win " + c.window + c.options());
        c.stackFinQueued = true;
        c.closed = true;
        c.peerNext++;
        c.peerFinSent = true;
        if (c.chance(0.7)) {
            c.add(c.pick(10_000, 50_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
        }
    }

    private static void reset(Conversation c) {
        if (c.chance(0.3)) {
            c.add(0, "setsockopt(" + c.fd + ", SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
            c.add(c.pick(0, 10_000), "close(" + c.fd + ") = 0");
            c.closed = true;
            return;
        }
        c.add(c.pick(10_000, 100_000), c.pick(List.of("< R. seq ", "< R seq ")) + Conversation.seq(c.peerNext + offset(c)) + " win 0");
        if (c.chance(0.5)) {
            c.add(c.pick(0, 10_000), "write(" + c.fd + ", ..., 10) = -1 ECONNRESET (Connection reset by peer)");
        }
    }

    /** Where a RST falls: on the next sequence number, inside the window, or outside it. */
    static long offset(Conversation c) {
        return c.pick(List.of(0L, 0L, 0L, 1L, 100L, 1_000_000L, -1L));
    }
}
