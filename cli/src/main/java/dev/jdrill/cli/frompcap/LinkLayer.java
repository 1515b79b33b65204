package dev.jdrill.cli.frompcap;

import java.util.Arrays;
import java.util.Optional;

/**
 * Takes the link-layer header off a captured frame, leaving the IP packet. Covers what tcpdump writes
 * on Linux: raw IP (a TUN device, as jdrill's own captures), Ethernet (with VLAN tags), Linux cooked
 * captures v1 and v2 ({@code -i any}) and BSD loopback.
 */
final class LinkLayer {
    static final int NULL = 0;
    static final int ETHERNET = 1;
    static final int RAW_OPENBSD = 12;
    static final int RAW_BSD = 14;
    static final int RAW = 101;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;

    private LinkLayer() {
    }

    static boolean supported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW_OPENBSD, RAW_BSD, RAW, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /** The IP packet in {@code frame}, or empty when the frame carries something else (ARP, ...). */
    static Optional<byte[]> ipPacket(int linkType, byte[] frame) {
        return switch (linkType) {
            case RAW, RAW_OPENBSD, RAW_BSD, IPV4, IPV6 -> Optional.of(frame);
            case ETHERNET -> ethernet(frame, 12);
            case LINUX_SLL -> byEtherType(frame, u16(frame, 14), 16);
            case LINUX_SLL2 -> byEtherType(frame, u16(frame, 0), 20);
            // The BSD loopback header is the address family in host byte order; the IP version nibble says more.
            case NULL -> frame.length > 4 ? Optional.of(Arrays.copyOfRange(frame, 4, frame.length)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<byte[]> ethernet(byte[] frame, int typeOffset) {
        int offset = typeOffset;
        int type = u16(frame, offset);
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
            offset += 4;
            type = u16(frame, offset);
        }
        return byEtherType(frame, type, offset + 2);
    }

    private static Optional<byte[]> byEtherType(byte[] frame, int etherType, int ipOffset) {
        if ((etherType != ETHERTYPE_IPV4 && etherType != ETHERTYPE_IPV6) || frame.length <= ipOffset) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(frame, ipOffset, frame.length));
    }

    private static int u16(byte[] b, int offset) {
        return offset + 1 < b.length ? ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff) : -1;
    }
}
