package dev.jdrill.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Segment or datagram payload bytes, immutable, with value equality (a record over a raw array would
 * compare identities). Scripts only ever state lengths, so most payloads are zero-filled.
 */
public final class Payload {
    public static final Payload EMPTY = new Payload(new byte[0]);

    private final byte[] bytes;

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Payload of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes.clone());
    }

    /** {@code length} zero bytes: what packetdrill injects for a segment of that length. */
    public static Payload zeros(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative payload length " + length);
        }
        return length == 0 ? EMPTY : new Payload(new byte[length]);
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** The bytes {@code [from, from+length)} as a new payload. */
    public Payload slice(int from, int length) {
        return length == 0 ? EMPTY : new Payload(Arrays.copyOfRange(bytes, from, from + length));
    }

    void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 16 ? HexFormat.of().formatHex(bytes) : bytes.length + " bytes";
    }
}
