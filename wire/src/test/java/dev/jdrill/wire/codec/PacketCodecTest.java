package dev.jdrill.wire.codec;

import static dev.jdrill.wire.codec.PacketSamples.LOCAL4;
import static dev.jdrill.wire.codec.PacketSamples.LOCAL6;
import static dev.jdrill.wire.codec.PacketSamples.REMOTE4;
import static dev.jdrill.wire.codec.PacketSamples.REMOTE6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.UdpDatagram;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ipv4HeaderChecksumMatchesTheTextbookExample() {
        // The header in Wikipedia's "IPv4 header checksum" article: 4500 0073 0000 4000 4011 *b861* c0a8 0001 c0a8 00c7.
        IpPacket p = IpPacket.of(LOCAL4, PacketSamples.ip("192.168.0.199"),
                new UdpDatagram(1, 2, Payload.zeros(0x73 - 28)));
        byte[] bytes = PacketCodec.encode(p);
        assertThat(HEX.formatHex(bytes, 0, 20)).isEqualTo("45000073000040004011b861c0a80001c0a800c7");
    }

    @Test
    void synWithLinuxOptionsEncodesToHandWrittenBytes() {
        // 192.0.2.1:41000 > 192.168.0.1:8080 S 0:0(0) win 65535 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>.
        // Checksums worked out with IndependentChecksum (a different summation) and cross-checked by pcap4j below.
        TcpSegment syn = new TcpSegment(41000, 8080, 0, 0, TcpFlags.of(TcpFlags.SYN), 65535, 0,
                List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamp(1, 0),
                        new TcpOption.Nop(), new TcpOption.WindowScale(7)), Payload.EMPTY);
        byte[] bytes = PacketCodec.encode(IpPacket.of(REMOTE4, LOCAL4, syn));
        String expectedWithoutChecksums = "4500003c" + "00004000" + "4006" + "0000" + "c0000201" + "c0a80001"
                + "a0281f90" + "00000000" + "00000000" + "a002ffff" + "0000" + "0000"
                + "020405b4" + "0402080a" + "00000001" + "00000000" + "01030307";
        byte[] expected = HEX.parseHex(expectedWithoutChecksums);
        IndependentChecksum.fill(expected);
        assertThat(HEX.formatHex(bytes)).isEqualTo(HEX.formatHex(expected));
        assertThat(HEX.formatHex(bytes, 10, 12)).isEqualTo("b811"); // by hand: ~fold(0x4500+0x3c+0x4000+0x4006+0xc000+0x201+0xc0a8+0x1)
        assertThat(PacketCodec.checksumProblem(bytes)).isEmpty();
    }

    @Test
    void everyAlignedOptionListRoundTrips() {
        for (List<TcpOption> options : PacketSamples.alignedOptionLists()) {
            for (IpPacket p : List.of(IpPacket.of(LOCAL4, REMOTE4, PacketSamples.syn(options)),
                    IpPacket.of(LOCAL6, REMOTE6, PacketSamples.syn(options)))) {
                byte[] bytes = PacketCodec.encode(p);
                assertThat(PacketCodec.decode(bytes)).as(options.toString()).isEqualTo(new DecodeResult.Decoded(p));
                assertThat(IndependentChecksum.verify(bytes)).as(options.toString()).isTrue();
            }
        }
    }

    @Test
    void assortedPacketsRoundTripWithValidChecksums() {
        for (IpPacket p : PacketSamples.assortedPackets()) {
            byte[] bytes = PacketCodec.encode(p);
            assertThat(PacketCodec.decode(bytes)).as(p.toString()).isEqualTo(new DecodeResult.Decoded(p));
            assertThat(PacketCodec.checksumProblem(bytes)).as(p.toString()).isEmpty();
            assertThat(IndependentChecksum.verify(bytes)).as(p.toString()).isTrue();
        }
    }

    @Test
    void unalignedOptionsArePaddedWithEndOfOptions() {
        IpPacket p = IpPacket.of(LOCAL4, REMOTE4, PacketSamples.syn(List.of(new TcpOption.WindowScale(7))));
        byte[] bytes = PacketCodec.encode(p);
        assertThat(HEX.formatHex(bytes, 40, 44)).isEqualTo("03030700");
        assertThat(((DecodeResult.Decoded) PacketCodec.decode(bytes)).packet().tcp().orElseThrow().options())
                .containsExactly(new TcpOption.WindowScale(7), new TcpOption.EndOfOptions());
    }

    @Test
    void aCorruptedByteIsReportedAsABadChecksum() {
        byte[] bytes = PacketCodec.encode(PacketSamples.assortedPackets().getFirst());
        bytes[bytes.length - 1] ^= 0x40;
        assertThat(PacketCodec.checksumProblem(bytes)).hasValueSatisfying(s -> assertThat(s).contains("checksum"));
        byte[] header = PacketCodec.encode(PacketSamples.assortedPackets().getFirst());
        header[8] ^= 1;
        assertThat(PacketCodec.checksumProblem(header)).hasValueSatisfying(s -> assertThat(s).contains("IPv4 header"));
    }

    @Test
    void malformedInputsSayWhy() {
        byte[] good = PacketCodec.encode(PacketSamples.assortedPackets().getFirst());
        assertMalformed(new byte[0], "empty");
        assertMalformed(new byte[] {0x55}, "IP version 5");
        assertMalformed(java.util.Arrays.copyOf(good, 19), "IPv4 header truncated");
        assertMalformed(java.util.Arrays.copyOf(good, 100), "IPv4 lengths inconsistent");
        byte[] fragment = good.clone();
        fragment[6] |= 0x20;
        assertMalformed(fragment, "fragment");
        byte[] sctp = good.clone();
        sctp[9] = (byte) 132;
        assertMalformed(sctp, "unsupported protocol 132");
        byte[] badOption = PacketCodec.encode(IpPacket.of(LOCAL4, REMOTE4,
                PacketSamples.syn(List.of(new TcpOption.MaxSegmentSize(1460)))));
        badOption[41] = 9;
        assertMalformed(badOption, "bad length 9");
        byte[] v6 = PacketCodec.encode(PacketSamples.assortedPackets().get(1));
        byte[] hopByHop = v6.clone();
        hopByHop[6] = 0;
        assertMalformed(hopByHop, "unsupported protocol 0");
        byte[] dataOffset = good.clone();
        dataOffset[32] = (byte) 0x40;
        assertMalformed(dataOffset, "TCP data offset 16");
    }

    @Test
    void oversizedPacketsAreRefusedByEncode() {
        IpPacket huge = IpPacket.of(LOCAL4, REMOTE4, new UdpDatagram(1, 2, Payload.zeros(70_000)));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> PacketCodec.encode(huge));
    }

    @Test
    void ipv6FieldsSurvive() {
        IpPacket p = new IpPacket(IpVersion.IPV6, LOCAL6, REMOTE6, 17, 0xfe, 0x12345, 0, false,
                new UdpDatagram(9, 10, Payload.zeros(3)));
        byte[] bytes = PacketCodec.encode(p);
        assertThat(HEX.formatHex(bytes, 0, 8)).isEqualTo("6fe12345" + "000b" + "11" + "11");
    }

    private static void assertMalformed(byte[] bytes, String reasonPart) {
        assertThat(PacketCodec.decode(bytes)).isInstanceOfSatisfying(DecodeResult.Malformed.class,
                m -> assertThat(m.reason()).contains(reasonPart));
    }
}
