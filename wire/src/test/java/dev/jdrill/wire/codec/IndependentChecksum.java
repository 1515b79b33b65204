package dev.jdrill.wire.codec;

import java.nio.ByteBuffer;

/**
 * A second, deliberately different checksum implementation for the tests: it builds the pseudo-header
 * as real bytes and sums 16-bit words with end-around carry on every addition, instead of deferring
 * the carries as the codec does.
 */
final class IndependentChecksum {
    private IndependentChecksum() {
    }

    /** Fills the IPv4 header and TCP checksums of an IPv4/TCP packet whose checksum fields are zero. */
    static void fill(byte[] packet) {
        int ipv4 = onesComplement(ByteBuffer.wrap(packet, 0, 20));
        packet[10] = (byte) (ipv4 >>> 8);
        packet[11] = (byte) ipv4;
        int tcp = onesComplement(ByteBuffer.wrap(withPseudoHeader(packet)));
        packet[36] = (byte) (tcp >>> 8);
        packet[37] = (byte) tcp;
    }

    /** True if every checksum in an encoded packet sums to zero. */
    static boolean verify(byte[] packet) {
        boolean v4 = (packet[0] >>> 4) == 4;
        if (v4 && onesComplement(ByteBuffer.wrap(packet, 0, 20)) != 0) {
            return false;
        }
        int protocol = v4 ? packet[9] : packet[6];
        if (protocol == 1) {
            return onesComplement(ByteBuffer.wrap(packet, 20, packet.length - 20)) == 0;
        }
        return onesComplement(ByteBuffer.wrap(withPseudoHeader(packet))) == 0;
    }

    private static byte[] withPseudoHeader(byte[] packet) {
        boolean v4 = (packet[0] >>> 4) == 4;
        int header = v4 ? 20 : 40;
        int length = packet.length - header;
        ByteBuffer b = ByteBuffer.allocate((v4 ? 12 : 40) + length + 1);
        if (v4) {
            b.put(packet, 12, 8).put((byte) 0).put(packet[9]).putShort((short) length);
        } else {
            b.put(packet, 8, 32).putInt(length).put(new byte[3]).put(packet[6]);
        }
        b.put(packet, header, length);
        b.flip();
        if (b.limit() % 2 != 0) {
            b.limit(b.limit() + 1); // the extra zero byte allocated above pads an odd length
        }
        return java.util.Arrays.copyOf(b.array(), b.limit());
    }

    private static int onesComplement(ByteBuffer b) {
        int sum = 0;
        while (b.remaining() >= 2) {
            sum += b.getShort() & 0xffff;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }
}
