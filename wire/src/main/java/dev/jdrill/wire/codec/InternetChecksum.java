package dev.jdrill.wire.codec;

import dev.jdrill.wire.IpVersion;

/**
 * The RFC 1071 ones'-complement sum, and the pseudo-headers TCP, UDP and ICMPv6 fold into it
 * (RFC 9293 §3.1, RFC 768, RFC 8200 §8.1).
 */
final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds {@code length} bytes at {@code offset} to a running 32-bit sum, odd last byte padded. */
    static long add(long sum, byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (bytes[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds the carries back in and complements: the value that goes in the header. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * Sum of the pseudo-header for a transport of {@code transportLength} bytes carried with
     * protocol / next-header {@code protocol}. The addresses sit in {@code packet} at
     * {@code sourceOffset} and just after it, as they do in both IP header layouts.
     */
    static long pseudoHeader(IpVersion version, byte[] packet, int sourceOffset, int protocol, int transportLength) {
        int addressBytes = version == IpVersion.IPV4 ? 4 : 16;
        long sum = add(0, packet, sourceOffset, 2 * addressBytes);
        // IPv4: zero, protocol, 16-bit length. IPv6: 32-bit length, three zeros, next header. Summed as
        // 16-bit words both come to length + protocol (an IPv6 length never exceeds 16 bits here).
        sum += protocol;
        sum += transportLength >>> 16;
        sum += transportLength & 0xffff;
        return sum;
    }
}
