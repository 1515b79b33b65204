package dev.jdrill.wire;

import java.util.HexFormat;

/** Range checks shared by the wire records: a record that exists is encodable. */
final class WireChecks {
    private WireChecks() {
    }

    static void u8(long v, String what) {
        range(v, 0xffL, what);
    }

    static void u16(long v, String what) {
        range(v, 0xffffL, what);
    }

    static void u32(long v, String what) {
        range(v, 0xffff_ffffL, what);
    }

    static void range(long v, long max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    static void hex(String hex, int minBytes, int maxBytes, String what) {
        if (hex.length() % 2 != 0 || hex.length() / 2 < minBytes || hex.length() / 2 > maxBytes) {
            throw new IllegalArgumentException(what + " must be " + minBytes + ".." + maxBytes + " bytes of hex: " + hex);
        }
        if (!hex.isEmpty() && !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(what + " must be lowercase hex: " + hex);
        }
        HexFormat.of().parseHex(hex);
    }
}
