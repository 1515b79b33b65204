package dev.jdrill.wire.codec;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.UdpDatagram;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Packets the codec tests share: the addresses scripts use, and one segment of each interesting shape. */
final class PacketSamples {
    static final InetAddress LOCAL4 = ip("192.168.0.1");
    static final InetAddress REMOTE4 = ip("192.0.2.1");
    static final InetAddress LOCAL6 = ip("fd3d:a0b:17d6::1");
    static final InetAddress REMOTE6 = ip("fd3d:fa7b:d17d::1");

    private PacketSamples() {
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static TcpSegment syn(List<TcpOption> options) {
        return new TcpSegment(8080, 41000, 0, 0, TcpFlags.of(TcpFlags.SYN), 65535, 0, options, Payload.EMPTY);
    }

    /** Options whose encoding fills whole 4-byte words, so decode(encode(x)) equals x exactly. */
    static List<List<TcpOption>> alignedOptionLists() {
        return List.of(
                List.of(),
                List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.SackPermitted(),
                        new TcpOption.Timestamp(123456789L, 0), new TcpOption.Nop(), new TcpOption.WindowScale(7)),
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamp(0xffffffffL, 1)),
                List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                        new TcpOption.Sack(List.of(new TcpOption.SackBlock(1, 1001), new TcpOption.SackBlock(2001, 3001),
                                new TcpOption.SackBlock(0xfffffff0L, 5)))),
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Md5Signature("00112233445566778899aabbccddeeff")),
                List.of(new TcpOption.FastOpen("0102030405060708"), new TcpOption.Nop(), new TcpOption.Nop()),
                List.of(new TcpOption.FastOpen(""), new TcpOption.Nop(), new TcpOption.Nop()),
                List.of(new TcpOption.FastOpenExperimental("aabbccdd")),
                List.of(new TcpOption.Unknown(99, "cafe")),
                List.of(new TcpOption.Unknown(2, "05"), new TcpOption.Nop()),
                List.of(new TcpOption.MaxSegmentSize(536), new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.EndOfOptions()));
    }

    static List<IpPacket> assortedPackets() {
        TcpSegment data = new TcpSegment(41000, 8080, 1, 0xfffffff0L,
                TcpFlags.of(TcpFlags.PSH, TcpFlags.ACK, TcpFlags.ECE, TcpFlags.CWR, TcpFlags.AE), 257, 0,
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamp(7, 8)), Payload.of(bytes(1000)));
        TcpSegment urgentOdd = new TcpSegment(1, 2, 3, 4, TcpFlags.of(TcpFlags.URG, TcpFlags.ACK, TcpFlags.FIN), 0, 3,
                List.of(), Payload.of(bytes(7)));
        UdpDatagram udp = new UdpDatagram(53, 5353, Payload.of(bytes(33)));
        UdpDatagram emptyUdp = new UdpDatagram(1, 2, Payload.EMPTY);
        IcmpMessage fragNeeded = new IcmpMessage(3, 4, 1400, Payload.of(bytes(28)));
        IcmpMessage tooBig = new IcmpMessage(2, 0, 1280, Payload.of(bytes(48)));
        return List.of(
                IpPacket.of(LOCAL4, REMOTE4, data),
                IpPacket.of(REMOTE6, LOCAL6, data),
                new IpPacket(IpVersion.IPV4, REMOTE4, LOCAL4, 1, 0xb9, 0, 0xbeef, false, urgentOdd),
                new IpPacket(IpVersion.IPV6, REMOTE6, LOCAL6, 255, 0x03, 0xabcde, 0, false, urgentOdd),
                IpPacket.of(LOCAL4, REMOTE4, udp),
                IpPacket.of(LOCAL6, REMOTE6, udp),
                IpPacket.of(LOCAL4, REMOTE4, emptyUdp),
                IpPacket.of(REMOTE4, LOCAL4, fragNeeded),
                IpPacket.of(REMOTE6, LOCAL6, tooBig),
                IpPacket.of(mappedRemote4(), LOCAL6, emptyUdp));
    }

    /** ::ffff:192.0.2.1 as an Inet6Address (InetAddress.getByName would hand back an Inet4Address). */
    static InetAddress mappedRemote4() {
        try {
            return java.net.Inet6Address.getByAddress(null,
                    java.util.HexFormat.of().parseHex("00000000000000000000ffffc0000201"), -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
