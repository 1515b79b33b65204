package dev.jdrill.wire;

/**
 * 32-bit sequence-number arithmetic with wraparound (RFC 1982 serial numbers). Values are carried as
 * {@code long} in [0, 2^32); comparisons are only meaningful within 2^31 of each other.
 */
public final class SeqNum {
    private static final long MASK = 0xffff_ffffL;

    private SeqNum() {
    }

    public static long add(long seq, long delta) {
        return (seq + delta) & MASK;
    }

    /** {@code a - b} as a signed distance in (-2^31, 2^31]. */
    public static int diff(long a, long b) {
        return (int) (a - b);
    }

    public static boolean lt(long a, long b) {
        return diff(a, b) < 0;
    }

    public static boolean le(long a, long b) {
        return diff(a, b) <= 0;
    }

    public static boolean gt(long a, long b) {
        return diff(a, b) > 0;
    }

    public static boolean ge(long a, long b) {
        return diff(a, b) >= 0;
    }

    /** {@code low <= x < high} in sequence space. */
    public static boolean inWindow(long x, long low, long high) {
        return le(low, x) && lt(x, high);
    }

    public static long max(long a, long b) {
        return ge(a, b) ? a : b;
    }

    public static long min(long a, long b) {
        return le(a, b) ? a : b;
    }
}
