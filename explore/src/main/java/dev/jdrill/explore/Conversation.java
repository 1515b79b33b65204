package dev.jdrill.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the generator knows while it writes a script: the peer's own side exactly (its sequence numbers,
 * timestamps, window), the stack's side only as far as the script's calls imply it (bytes written, a FIN
 * after close or shutdown). The stack's answers are never predicted: inbound lines leave their ack out,
 * so the run fills it in from what the stack actually sent, unless a line means to ack something else.
 */
final class Conversation {
    final SplittableRandom random;
    final List<ExploreScript.Step> steps = new ArrayList<>();

    /** The fd of the connection, once there is one (3 after connect, 4 after accept). */
    int fd = -1;
    boolean listening;
    boolean synchronized_;
    /** Whether the peer put a timestamp option in its SYN (later segments then carry one too). */
    boolean peerTimestamps;
    /** The window scale the peer announced, or -1. */
    int peerWscale = -1;
    /** Script time so far, as the generator planned it. */
    long elapsedMicros;
    /** The peer's next sequence number (its ISN is 0, so 1 after its SYN). */
    long peerNext = 1;
    /** The stack's bytes written by the script, and whether it was told to send a FIN. */
    long written;
    boolean stackFinQueued;
    boolean peerFinSent;
    boolean closed;
    /** The last ack the peer stated explicitly for the stack's data (script numbering). */
    long peerAcked = 1;
    /** The window the peer advertises on segments after the SYN. */
    int window = 257;

    Conversation(SplittableRandom random) {
        this.random = random;
    }

    /** Appends a line after {@code gapMicros}. */
    void add(long gapMicros, String action) {
        elapsedMicros += gapMicros;
        steps.add(new ExploreScript.Step(time(gapMicros), action));
    }

    static String time(long gapMicros) {
        if (gapMicros == 0) {
            return "+0";
        }
        String s = String.format(java.util.Locale.ROOT, "+%.3f", gapMicros / 1e6);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** The stack's next sequence number as far as the script's own calls tell (1 + data + FIN). */
    long stackNext() {
        return 1 + written + (stackFinQueued ? 1 : 0);
    }

    /** A peer sequence number as a script writes it: an offset before its ISN wraps around. */
    static long seq(long relative) {
        return Math.floorMod(relative, 1L << 32);
    }

    /** The peer's TS value: its clock in milliseconds, so it never goes backwards. */
    String timestamp() {
        return "TS val " + (1000 + elapsedMicros / 1000) + " ecr 0";
    }

    /** Options for a segment after the SYN: a timestamp when the peer uses them, plus extras. */
    String options(String... extra) {
        List<String> opts = new ArrayList<>();
        for (String e : extra) {
            opts.add(e);
        }
        if (peerTimestamps) {
            opts.add("nop");
            opts.add("nop");
            opts.add(timestamp());
        }
        return opts.isEmpty() ? "" : " <" + String.join(",", opts) + ">";
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    int pick(int... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
