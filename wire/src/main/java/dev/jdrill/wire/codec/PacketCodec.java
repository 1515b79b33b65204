package dev.jdrill.wire.codec;

import static dev.jdrill.wire.codec.TcpOptionCodec.getU16;
import static dev.jdrill.wire.codec.TcpOptionCodec.getU32;
import static dev.jdrill.wire.codec.TcpOptionCodec.putU16;
import static dev.jdrill.wire.codec.TcpOptionCodec.putU32;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.Transport;
import dev.jdrill.wire.UdpDatagram;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * IP packets to and from the bytes a TUN device carries (no link header). Encoding fills in lengths
 * and every checksum; decoding never throws and does not insist on checksums, because the kernel hands
 * a TUN device with checksum offload packets whose TCP checksum is only the pseudo-header part
 * ({@link #checksumProblem} checks them where that matters).
 */
public final class PacketCodec {
    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;
    static final int PROTOCOL_ICMPV6 = 58;
    private static final int IPV4_DONT_FRAGMENT = 0x4000;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET = 0x1fff;

    private PacketCodec() {
    }

    /**
     * The packet's bytes with lengths and checksums filled in; TCP options are padded with zero
     * (end-of-options) bytes to a 4-byte boundary.
     *
     * @throws IllegalArgumentException if the packet is longer than its IP length field can say
     */
    public static byte[] encode(IpPacket packet) {
        int ipHeader = packet.version().headerLength();
        Transport transport = packet.transport();
        int transportLength = switch (transport) {
            case TcpSegment t -> t.headerLength() + t.payload().length();
            case UdpDatagram u -> 8 + u.payload().length();
            case IcmpMessage i -> 8 + i.payload().length();
        };
        int lengthInField = packet.version() == IpVersion.IPV4 ? ipHeader + transportLength : transportLength;
        if (lengthInField > 0xffff) {
            throw new IllegalArgumentException("packet of " + (ipHeader + transportLength) + " bytes is too long for IP");
        }
        byte[] out = new byte[ipHeader + transportLength];
        int protocol = protocolOf(packet);
        if (packet.version() == IpVersion.IPV4) {
            out[0] = 0x45;
            out[1] = (byte) packet.trafficClass();
            putU16(out, 2, out.length);
            putU16(out, 4, packet.identification());
            putU16(out, 6, packet.dontFragment() ? IPV4_DONT_FRAGMENT : 0);
            out[8] = (byte) packet.ttl();
            out[9] = (byte) protocol;
            System.arraycopy(packet.source().getAddress(), 0, out, 12, 4);
            System.arraycopy(packet.destination().getAddress(), 0, out, 16, 4);
            putU16(out, 10, InternetChecksum.finish(InternetChecksum.add(0, out, 0, 20)));
        } else {
            putU32(out, 0, (6L << 28) | ((long) packet.trafficClass() << 20) | packet.flowLabel());
            putU16(out, 4, transportLength);
            out[6] = (byte) protocol;
            out[7] = (byte) packet.ttl();
            System.arraycopy(packet.source().getAddress(), 0, out, 8, 16);
            System.arraycopy(packet.destination().getAddress(), 0, out, 24, 16);
        }
        int t = ipHeader;
        int checksumAt;
        switch (transport) {
            case TcpSegment s -> {
                putU16(out, t, s.sourcePort());
                putU16(out, t + 2, s.destinationPort());
                putU32(out, t + 4, s.seq());
                putU32(out, t + 8, s.ack());
                out[t + 12] = (byte) ((s.headerLength() / 4) << 4 | (s.flags().bits() >>> 8));
                out[t + 13] = (byte) s.flags().bits();
                putU16(out, t + 14, s.window());
                putU16(out, t + 18, s.urgentPointer());
                TcpOptionCodec.encode(s.options(), out, t + 20);
                copy(s.payload(), out, t + s.headerLength());
                checksumAt = t + 16;
            }
            case UdpDatagram u -> {
                putU16(out, t, u.sourcePort());
                putU16(out, t + 2, u.destinationPort());
                putU16(out, t + 4, transportLength);
                copy(u.payload(), out, t + 8);
                checksumAt = t + 6;
            }
            case IcmpMessage i -> {
                out[t] = (byte) i.type();
                out[t + 1] = (byte) i.code();
                putU32(out, t + 4, i.restOfHeader());
                copy(i.payload(), out, t + 8);
                checksumAt = t + 2;
            }
        }
        long sum = protocol == PROTOCOL_ICMP ? 0
                : InternetChecksum.pseudoHeader(packet.version(), out, ipHeader == 20 ? 12 : 8, protocol, transportLength);
        int checksum = InternetChecksum.finish(InternetChecksum.add(sum, out, t, transportLength));
        if (checksum == 0 && protocol == PROTOCOL_UDP) {
            checksum = 0xffff; // RFC 768: a computed zero is sent as all ones; zero means "no checksum"
        }
        putU16(out, checksumAt, checksum);
        return out;
    }

    /** The packet in {@code bytes}; bytes past the IP length field are ignored. Never throws. */
    public static DecodeResult decode(byte[] bytes) {
        try {
            return PacketDecoder.decode(bytes);
        } catch (RuntimeException e) {
            // The decoder checks every bound first; this is a last line so garbage can never escape as
            // an exception (e.g. a record constructor rejecting a value the checks missed).
            return new DecodeResult.Malformed("undecodable packet: " + e.getMessage());
        }
    }

    /**
     * Why the IPv4 header or transport checksum in {@code bytes} is wrong, or empty if both are right
     * (or the bytes are too broken to tell: {@link #decode} says why).
     */
    public static Optional<String> checksumProblem(byte[] bytes) {
        if (!(decode(bytes) instanceof DecodeResult.Decoded d)) {
            return Optional.empty();
        }
        IpVersion v = d.packet().version();
        int ipHeader = v == IpVersion.IPV4 ? (bytes[0] & 0x0f) * 4 : 40;
        int total = v == IpVersion.IPV4 ? getU16(bytes, 2) : 40 + getU16(bytes, 4);
        if (v == IpVersion.IPV4 && InternetChecksum.finish(InternetChecksum.add(0, bytes, 0, ipHeader)) != 0) {
            return Optional.of("bad IPv4 header checksum 0x" + Integer.toHexString(getU16(bytes, 10)));
        }
        int protocol = protocolOf(d.packet());
        int transportLength = total - ipHeader;
        if (protocol == PROTOCOL_UDP && getU16(bytes, ipHeader + 6) == 0 && v == IpVersion.IPV4) {
            return Optional.empty();
        }
        long sum = protocol == PROTOCOL_ICMP ? 0
                : InternetChecksum.pseudoHeader(v, bytes, v == IpVersion.IPV4 ? 12 : 8, protocol, transportLength);
        if (InternetChecksum.finish(InternetChecksum.add(sum, bytes, ipHeader, transportLength)) != 0) {
            return Optional.of("bad " + d.packet().transport().getClass().getSimpleName() + " checksum");
        }
        return Optional.empty();
    }

    static int protocolOf(IpPacket packet) {
        return switch (packet.transport()) {
            case TcpSegment t -> PROTOCOL_TCP;
            case UdpDatagram u -> PROTOCOL_UDP;
            case IcmpMessage i -> packet.version() == IpVersion.IPV4 ? PROTOCOL_ICMP : PROTOCOL_ICMPV6;
        };
    }

    private static void copy(Payload payload, byte[] out, int offset) {
        byte[] b = payload.toByteArray();
        System.arraycopy(b, 0, out, offset, b.length);
    }

    /** Bounds-checked parsing, kept apart from encoding so each reads top to bottom. */
    private static final class PacketDecoder {
        static DecodeResult decode(byte[] in) {
            if (in.length < 1) {
                return malformed("empty packet");
            }
            int version = (in[0] & 0xff) >>> 4;
            return switch (version) {
                case 4 -> decodeIpv4(in);
                case 6 -> decodeIpv6(in);
                default -> malformed("IP version " + version);
            };
        }

        private static DecodeResult decodeIpv4(byte[] in) {
            if (in.length < 20) {
                return malformed("IPv4 header truncated: " + in.length + " bytes");
            }
            int headerLength = (in[0] & 0x0f) * 4;
            int total = getU16(in, 2);
            if (headerLength < 20 || total < headerLength || total > in.length) {
                return malformed("IPv4 lengths inconsistent: header " + headerLength + ", total " + total
                        + ", have " + in.length);
            }
            int fragment = getU16(in, 6);
            if ((fragment & (IPV4_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET)) != 0) {
                return malformed("IPv4 fragment");
            }
            InetAddress src = address(in, 12, 4);
            InetAddress dst = address(in, 16, 4);
            int protocol = in[9] & 0xff;
            Object transport = decodeTransport(IpVersion.IPV4, protocol, in, headerLength, total);
            if (transport instanceof String reason) {
                return malformed(reason);
            }
            // IPv4 options (IHL > 5) have no place in the model and are dropped.
            return new DecodeResult.Decoded(new IpPacket(IpVersion.IPV4, src, dst, in[8] & 0xff, in[1] & 0xff, 0,
                    getU16(in, 4), (fragment & IPV4_DONT_FRAGMENT) != 0, (Transport) transport));
        }

        private static DecodeResult decodeIpv6(byte[] in) {
            if (in.length < 40) {
                return malformed("IPv6 header truncated: " + in.length + " bytes");
            }
            long first = getU32(in, 0);
            int payloadLength = getU16(in, 4);
            if (40 + payloadLength > in.length) {
                return malformed("IPv6 payload length " + payloadLength + " exceeds the " + (in.length - 40)
                        + " bytes present");
            }
            int nextHeader = in[6] & 0xff;
            Object transport = decodeTransport(IpVersion.IPV6, nextHeader, in, 40, 40 + payloadLength);
            if (transport instanceof String reason) {
                return malformed(reason);
            }
            return new DecodeResult.Decoded(new IpPacket(IpVersion.IPV6, address(in, 8, 16), address(in, 24, 16),
                    in[7] & 0xff, (int) ((first >>> 20) & 0xff), (int) (first & 0xfffff), 0, false,
                    (Transport) transport));
        }

        /** A Transport, or a String saying why there is none. */
        private static Object decodeTransport(IpVersion v, int protocol, byte[] in, int start, int end) {
            int length = end - start;
            if (protocol == PROTOCOL_TCP) {
                if (length < 20) {
                    return "TCP header truncated: " + length + " bytes";
                }
                int headerLength = ((in[start + 12] & 0xff) >>> 4) * 4;
                if (headerLength < 20 || headerLength > length) {
                    return "TCP data offset " + headerLength + " does not fit the " + length + " bytes present";
                }
                TcpOptionCodec.Parsed options = TcpOptionCodec.decode(in, start + 20, start + headerLength);
                if (!options.error().isEmpty()) {
                    return options.error();
                }
                int flags = ((in[start + 12] & 0x01) << 8) | (in[start + 13] & 0xff);
                return new TcpSegment(getU16(in, start), getU16(in, start + 2), getU32(in, start + 4),
                        getU32(in, start + 8), new TcpFlags(flags), getU16(in, start + 14), getU16(in, start + 18),
                        options.options(), payload(in, start + headerLength, end));
            }
            if (protocol == PROTOCOL_UDP) {
                if (length < 8) {
                    return "UDP header truncated: " + length + " bytes";
                }
                int udpLength = getU16(in, start + 4);
                if (udpLength < 8 || udpLength > length) {
                    return "UDP length " + udpLength + " does not fit the " + length + " bytes present";
                }
                return new UdpDatagram(getU16(in, start), getU16(in, start + 2), payload(in, start + 8, start + udpLength));
            }
            boolean icmp = v == IpVersion.IPV4 ? protocol == PROTOCOL_ICMP : protocol == PROTOCOL_ICMPV6;
            if (icmp) {
                if (length < 8) {
                    return "ICMP header truncated: " + length + " bytes";
                }
                return new IcmpMessage(in[start] & 0xff, in[start + 1] & 0xff, getU32(in, start + 4),
                        payload(in, start + 8, end));
            }
            return v + " carries unsupported protocol " + protocol;
        }

        private static Payload payload(byte[] in, int from, int to) {
            return to <= from ? Payload.EMPTY : Payload.of(Arrays.copyOfRange(in, from, to));
        }

        private static InetAddress address(byte[] in, int offset, int length) {
            try {
                byte[] raw = Arrays.copyOfRange(in, offset, offset + length);
                // Inet6Address explicitly: InetAddress.getByAddress turns ::ffff:a.b.c.d into an Inet4Address.
                return length == 16 ? java.net.Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a " + length + "-byte address is always valid", e);
            }
        }

        private static DecodeResult malformed(String reason) {
            return new DecodeResult.Malformed(reason);
        }
    }
}
