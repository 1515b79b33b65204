package dev.jdrill.target.linux;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.util.Optional;

/**
 * Which packets read from tun0 the script should see. The kernel also sends IPv6 housekeeping (router
 * and neighbour discovery, MLD reports) on an interface; packetdrill never matches those, so they are
 * dropped here rather than reported as unexpected packets. Undecodable frames are dropped too: they
 * cannot be the segments a script describes.
 */
final class OutboundFilter {
    private OutboundFilter() {
    }

    static Optional<IpPacket> relevant(byte[] frame) {
        if (!(PacketCodec.decode(frame) instanceof DecodeResult.Decoded d)) {
            return Optional.empty();
        }
        IpPacket p = d.packet();
        if (p.version() == IpVersion.IPV6) {
            if (p.source().isLinkLocalAddress() || p.destination().isMulticastAddress()) {
                return Optional.empty();
            }
            if (p.transport() instanceof IcmpMessage m && isHousekeeping(m.type())) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }

    /** ICMPv6 MLD (130-132, 143) and neighbour discovery (133-137). */
    private static boolean isHousekeeping(int type) {
        return (type >= 130 && type <= 137) || type == 143;
    }
}
