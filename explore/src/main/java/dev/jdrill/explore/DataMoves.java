package dev.jdrill.explore;

import java.util.List;

/**
 * The data family's moves: the stack writes and the peer acks all, part, the same again (duplicate ACKs,
 * with SACK blocks), or closes its window; the peer sends data in order, with a hole, out of order, twice,
 * or outside the window; the script reads. A lost segment is one the peer never acks, or one it never sends
 * (a hole in its own sequence space).
 */
final class DataMoves {

    private DataMoves() {
    }

    static void any(Conversation c) {
        if (c.fd < 0) {
            return;
        }
        switch (c.random.nextInt(9)) {
            case 0, 1 -> write(c);
            case 2 -> ackAll(c, c.pick(10_000, 20_000, 100_000));
            case 3 -> partialAck(c);
            case 4 -> duplicateAcks(c);
            case 5 -> zeroWindow(c);
            case 6 -> peerData(c);
            case 7 -> reordered(c);
            default -> c.add(c.pick(0, 10_000), "read(" + c.fd + ", ..., 8000) = -1 EAGAIN (Resource temporarily unavailable)");
        }
    }

    private static void write(Conversation c) {
        int n = c.pick(1, 100, 1000, 1460, 3000, 5000);
        c.add(c.pick(0, 10_000, 100_000), "write(" + c.fd + ", ..., " + n + ") = " + n);
        c.written += n;
        if (c.chance(0.5)) {
            ackAll(c, c.pick(10_000, 20_000, 50_000));
        } else if (c.chance(0.3)) {
            // Nothing acked for a while: the stack's retransmission timer (or its loss probe) fires.
            ackAll(c, c.pick(500_000, 1_100_000));
        }
    }

    private static void ackAll(Conversation c, long gap) {
        c.add(gap, "< . seq " + c.peerNext + " win " + c.window + c.options());
        c.peerAcked = c.stackNext();
    }

    private static void partialAck(Conversation c) {
        long outstanding = c.stackNext() - c.peerAcked;
        if (outstanding <= 1) {
            write(c);
            return;
        }
        long ack = c.peerAcked + 1 + c.random.nextLong(outstanding - 1);
        c.add(c.pick(10_000, 50_000), "< . seq " + c.peerNext + " ack " + ack + " win " + c.window + c.options());
        c.peerAcked = ack;
    }

    private static void duplicateAcks(Conversation c) {
        if (c.stackNext() - c.peerAcked < 3000) {
            int n = c.pick(3000, 5000);
            c.add(c.pick(0, 10_000), "write(" + c.fd + ", ..., " + n + ") = " + n);
            c.written += n;
        }
        long ack = c.peerAcked;
        boolean sack = c.chance(0.5);
        int count = c.pick(1, 2, 3, 4);
        for (int i = 0; i < count; i++) {
            String sackBlock = sack ? "sack " + (ack + 1000) + ":" + Math.min(c.stackNext(), ack + 1000 + 1000L * (i + 1)) : "";
            String options = sack ? c.options("nop", "nop", sackBlock) : c.options();
            c.add(i == 0 ? c.pick(10_000, 20_000) : c.pick(0, 10_000), "< . seq " + c.peerNext + " ack " + ack
                    + " win " + c.window + options);
        }
        if (c.chance(0.6)) {
            ackAll(c, c.pick(20_000, 100_000, 600_000));
        }
    }

    private static void zeroWindow(Conversation c) {
        c.add(c.pick(10_000, 50_000), "< . seq " + c.peerNext + " win 0" + c.options());
        int n = c.pick(100, 1000, 3000);
        c.add(c.pick(0, 10_000), "write(" + c.fd + ", ..., " + n + ") = " + n);
        c.written += n;
        // The window stays shut while the stack probes it, then opens.
        c.add(c.pick(100_000, 500_000, 1_100_000), "< . seq " + c.peerNext + " win " + c.window + c.options());
        if (c.chance(0.5)) {
            ackAll(c, c.pick(20_000, 50_000));
        }
    }

    private static void peerData(Conversation c) {
        int n = c.pick(1, 100, 1000, 1460);
        long offset = c.pick(List.of(0L, 0L, 0L, 500L, -50L, 1_000_000L));
        c.add(c.pick(10_000, 50_000, 100_000), "< P. seq " + Conversation.seq(c.peerNext + offset) + " len " + n + " win " + c.window + c.options());
        if (offset == 0) {
            c.peerNext += n;
        }
        if (c.chance(0.3)) {
            c.add(c.pick(0, 10_000), "< P. seq " + Conversation.seq(c.peerNext - (offset == 0 ? n : 0) + offset) + " len " + n
                    + " win " + c.window + c.options()); // a duplicate
        }
        if (c.chance(0.5)) {
            c.add(c.pick(0, 50_000), "read(" + c.fd + ", ..., 8000) = " + n);
        }
    }

    /** Two segments of the peer's arrive in the wrong order (the second first), or the first never does. */
    private static void reordered(Conversation c) {
        int first = c.pick(100, 1000);
        int second = c.pick(100, 1000);
        long start = c.peerNext;
        c.add(c.pick(10_000, 50_000), "< P. seq " + (start + first) + " len " + second + " win " + c.window + c.options());
        if (c.chance(0.8)) {
            c.add(c.pick(0, 10_000, 100_000), "< P. seq " + start + " len " + first + " win " + c.window + c.options());
            c.peerNext = start + first + second;
        }
        if (c.chance(0.5)) {
            c.add(c.pick(0, 10_000), "read(" + c.fd + ", ..., 8000) = " + (first + second));
        }
    }
}
