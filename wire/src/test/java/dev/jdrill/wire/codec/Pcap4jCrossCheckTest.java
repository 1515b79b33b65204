package dev.jdrill.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.IpVersion;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.UdpDatagram;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/** pcap4j as an independent reader of what the codec writes: same fields, checksums it accepts. */
class Pcap4jCrossCheckTest {

    @Test
    void pcap4jReadsTheSameFieldsAndAcceptsTheChecksums() throws Exception {
        List<IpPacket> packets = new java.util.ArrayList<>(PacketSamples.assortedPackets());
        PacketSamples.alignedOptionLists().forEach(o -> packets.add(
                IpPacket.of(PacketSamples.LOCAL4, PacketSamples.REMOTE4, PacketSamples.syn(o))));
        for (IpPacket p : packets) {
            byte[] bytes = PacketCodec.encode(p);
            Packet parsed;
            if (p.version() == IpVersion.IPV4) {
                IpV4Packet v4 = IpV4Packet.newPacket(bytes, 0, bytes.length);
                assertThat(v4.getHeader().hasValidChecksum(false)).isTrue();
                assertThat(v4.getHeader().getTtlAsInt()).isEqualTo(p.ttl());
                assertThat(v4.getHeader().getDontFragmentFlag()).isEqualTo(p.dontFragment());
                assertThat(v4.getHeader().getIdentificationAsInt()).isEqualTo(p.identification());
                parsed = v4.getPayload();
            } else {
                IpV6Packet v6 = IpV6Packet.newPacket(bytes, 0, bytes.length);
                assertThat(v6.getHeader().getHopLimitAsInt()).isEqualTo(p.ttl());
                assertThat(v6.getHeader().getFlowLabel().value()).isEqualTo(p.flowLabel());
                parsed = v6.getPayload();
            }
            var src = p.source();
            var dst = p.destination();
            switch (p.transport()) {
                case TcpSegment t -> {
                    TcpPacket tcp = (TcpPacket) parsed;
                    assertThat(tcp.getHeader().getSrcPort().valueAsInt()).isEqualTo(t.sourcePort());
                    assertThat(tcp.getHeader().getDstPort().valueAsInt()).isEqualTo(t.destinationPort());
                    assertThat(tcp.getHeader().getSequenceNumberAsLong()).isEqualTo(t.seq());
                    assertThat(tcp.getHeader().getAcknowledgmentNumberAsLong()).isEqualTo(t.ack());
                    assertThat(tcp.getHeader().getWindowAsInt()).isEqualTo(t.window());
                    assertThat(tcp.getHeader().getSyn()).isEqualTo(t.flags().syn());
                    assertThat(tcp.getHeader().getAck()).isEqualTo(t.flags().ack());
                    assertThat(tcp.getHeader().getDataOffsetAsInt() * 4).isEqualTo(t.headerLength());
                    assertThat(tcp.hasValidChecksum(src, dst, false)).as(p.toString()).isTrue();
                }
                case UdpDatagram u -> {
                    UdpPacket udp = (UdpPacket) parsed;
                    assertThat(udp.getHeader().getSrcPort().valueAsInt()).isEqualTo(u.sourcePort());
                    assertThat(udp.getHeader().getLengthAsInt()).isEqualTo(8 + u.payload().length());
                    assertThat(udp.hasValidChecksum(src, dst, false)).isTrue();
                }
                case IcmpMessage i -> {
                    if (p.version() == IpVersion.IPV4) {
                        assertThat(((IcmpV4CommonPacket) parsed).hasValidChecksum(false)).isTrue();
                    } else {
                        assertThat(((IcmpV6CommonPacket) parsed).hasValidChecksum(
                                (java.net.Inet6Address) src, (java.net.Inet6Address) dst, false)).isTrue();
                    }
                }
            }
        }
    }
}
