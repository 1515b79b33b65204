package dev.jdrill.engine;

/**
 * SipHash-2-4 (Aumasson and Bernstein), as lib/siphash.c computes it: a 128-bit key given as two
 * little-endian 64-bit words, the message read in little-endian 64-bit words, the length in the
 * top byte of the last word. Linux keys Fast Open cookies with it (tcp_fastopen.c).
 */
final class SipHash {
    private SipHash() {
    }

    /** siphash(data, len, key) with key = {k0, k1}. */
    static long hash(long k0, long k1, byte[] data) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int full = data.length & ~7;
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < full; i += 8) {
            long m = littleEndian(data, i, 8);
            v[3] ^= m;
            rounds(v, 2);
            v[0] ^= m;
        }
        long last = ((long) (data.length & 0xff)) << 56 | littleEndian(data, full, data.length - full);
        v[3] ^= last;
        rounds(v, 2);
        v[0] ^= last;
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static long littleEndian(byte[] b, int off, int len) {
        long r = 0;
        for (int i = len - 1; i >= 0; i--) {
            r = r << 8 | (b[off + i] & 0xffL);
        }
        return r;
    }

    /** SIPROUND, {@code n} times. */
    private static void rounds(long[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13);
            v[1] ^= v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16);
            v[3] ^= v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21);
            v[3] ^= v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17);
            v[1] ^= v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }
}
