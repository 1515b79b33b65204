package dev.jdrill.target.remote.link;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.codec.PacketCodec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Ethernet II framing and the two neighbour protocols the remote target speaks for the address it plays:
 * ARP (RFC 826) for IPv4 and neighbour discovery (RFC 4861) for IPv6. Pure functions over byte arrays.
 */
public final class EthernetFrames {
    public static final int HEADER = 14;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86dd;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int ARP_REQUEST = 1;
    private static final int ARP_REPLY = 2;
    static final int ND_SOLICIT = 135;
    static final int ND_ADVERT = 136;

    private EthernetFrames() {
    }

    public static int type(byte[] frame) {
        return frame.length < HEADER ? -1 : u16(frame, 12);
    }

    public static byte[] source(byte[] frame) {
        return Arrays.copyOfRange(frame, 6, 12);
    }

    public static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, HEADER, frame.length);
    }

    public static byte[] frame(byte[] destination, byte[] source, int type, byte[] payload) {
        byte[] f = new byte[HEADER + payload.length];
        System.arraycopy(destination, 0, f, 0, 6);
        System.arraycopy(source, 0, f, 6, 6);
        f[12] = (byte) (type >> 8);
        f[13] = (byte) type;
        System.arraycopy(payload, 0, f, HEADER, payload.length);
        return f;
    }

    /** An IP packet in a frame of the right type. */
    public static byte[] ipFrame(byte[] destination, byte[] source, IpPacket packet) {
        return frame(destination, source, packet.version() == IpVersion.IPV4 ? TYPE_IPV4 : TYPE_IPV6,
                PacketCodec.encode(packet));
    }

    /** An ARP packet: who has {@code targetIp}, or (reply) {@code senderIp} is at {@code senderMac}. */
    public record Arp(int operation, byte[] senderMac, InetAddress senderIp, byte[] targetMac, InetAddress targetIp) {
        public boolean isRequest() {
            return operation == ARP_REQUEST;
        }

        public boolean isReply() {
            return operation == ARP_REPLY;
        }
    }

    /** The ARP packet in an ARP frame (Ethernet, IPv4 only). */
    public static Optional<Arp> arp(byte[] frame) {
        byte[] p = payload(frame);
        if (type(frame) != TYPE_ARP || p.length < 28 || u16(p, 0) != 1 || u16(p, 2) != TYPE_IPV4 || p[4] != 6
                || p[5] != 4) {
            return Optional.empty();
        }
        return Optional.of(new Arp(u16(p, 6), Arrays.copyOfRange(p, 8, 14), address(p, 14, 4),
                Arrays.copyOfRange(p, 18, 24), address(p, 24, 4)));
    }

    /** A broadcast ARP request: who has {@code targetIp}? Tell {@code senderIp}. */
    public static byte[] arpRequest(byte[] senderMac, InetAddress senderIp, InetAddress targetIp) {
        return frame(BROADCAST, senderMac, TYPE_ARP, arpBody(ARP_REQUEST, senderMac, senderIp, new byte[6], targetIp));
    }

    /** The answer to {@code request}: {@code ourIp} is at {@code ourMac}, sent to the asker only. */
    public static byte[] arpReply(Arp request, byte[] ourMac, InetAddress ourIp) {
        return frame(request.senderMac(), ourMac, TYPE_ARP,
                arpBody(ARP_REPLY, ourMac, ourIp, request.senderMac(), request.senderIp()));
    }

    private static byte[] arpBody(int op, byte[] senderMac, InetAddress senderIp, byte[] targetMac, InetAddress targetIp) {
        byte[] p = new byte[28];
        p[1] = 1; // Ethernet
        p[2] = 0x08; // IPv4
        p[4] = 6;
        p[5] = 4;
        p[7] = (byte) op;
        System.arraycopy(senderMac, 0, p, 8, 6);
        System.arraycopy(senderIp.getAddress(), 0, p, 14, 4);
        System.arraycopy(targetMac, 0, p, 18, 6);
        System.arraycopy(targetIp.getAddress(), 0, p, 24, 4);
        return p;
    }

    /** The target address of a neighbour solicitation or advertisement in {@code message}. */
    public static Optional<InetAddress> neighbourTarget(IcmpMessage message) {
        byte[] body = message.payload().toByteArray();
        if ((message.type() != ND_SOLICIT && message.type() != ND_ADVERT) || body.length < 16) {
            return Optional.empty();
        }
        return Optional.of(address(body, 0, 16));
    }

    /** A solicitation for {@code target}, to its solicited-node multicast group. */
    public static byte[] neighbourSolicitation(byte[] ourMac, InetAddress ourIp, InetAddress target) {
        byte[] t = target.getAddress();
        byte[] group = HexFormat.of().parseHex("ff020000000000000000000001ff000000");
        group = Arrays.copyOf(group, 16);
        group[13] = t[13];
        group[14] = t[14];
        group[15] = t[15];
        byte[] mac = {0x33, 0x33, -1, t[13], t[14], t[15]};
        byte[] body = new byte[16 + 8];
        System.arraycopy(t, 0, body, 0, 16);
        body[16] = 1; // source link-layer address
        body[17] = 1;
        System.arraycopy(ourMac, 0, body, 18, 6);
        IcmpMessage ns = new IcmpMessage(ND_SOLICIT, 0, 0, Payload.of(body));
        return ipFrame(mac, ourMac, new IpPacket(IpVersion.IPV6, ourIp, address(group, 0, 16), 255, 0, 0, 0, false, ns));
    }

    /** The advertisement answering a solicitation from {@code asker}: {@code ourIp} is at {@code ourMac}. */
    public static byte[] neighbourAdvertisement(byte[] askerMac, InetAddress asker, byte[] ourMac, InetAddress ourIp) {
        byte[] body = new byte[16 + 8];
        System.arraycopy(ourIp.getAddress(), 0, body, 0, 16);
        body[16] = 2; // target link-layer address
        body[17] = 1;
        System.arraycopy(ourMac, 0, body, 18, 6);
        long solicitedOverride = 0x60000000L;
        IcmpMessage na = new IcmpMessage(ND_ADVERT, 0, solicitedOverride, Payload.of(body));
        return ipFrame(askerMac, ourMac, new IpPacket(IpVersion.IPV6, ourIp, asker, 255, 0, 0, 0, false, na));
    }

    /** {@code 02:00:5e:...} notation. */
    public static String macText(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static Optional<byte[]> parseMac(String text) {
        try {
            byte[] mac = HexFormat.ofDelimiter(":").parseHex(text.toLowerCase(java.util.Locale.ROOT));
            return mac.length == 6 ? Optional.of(mac) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(byte[] bytes, int offset, int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + length));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    private static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }
}
