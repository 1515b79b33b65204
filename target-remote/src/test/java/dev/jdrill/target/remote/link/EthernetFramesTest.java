package dev.jdrill.target.remote.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class EthernetFramesTest {
    private static final byte[] OURS = {2, 0, 0, 0, 0, 1};
    private static final byte[] HOST = {2, 0, 0, 0, 0, 2};

    @Test
    void anArpRequestForThePeerGetsAReplyToTheAsker() throws Exception {
        InetAddress host = InetAddress.getByName("192.168.0.1");
        InetAddress peer = InetAddress.getByName("192.0.2.1");
        byte[] request = EthernetFrames.arpRequest(HOST, host, peer);
        assertThat(EthernetFrames.type(request)).isEqualTo(EthernetFrames.TYPE_ARP);
        EthernetFrames.Arp asked = EthernetFrames.arp(request).orElseThrow();
        assertThat(asked.isRequest()).isTrue();
        assertThat(asked.targetIp()).isEqualTo(peer);

        byte[] reply = EthernetFrames.arpReply(asked, OURS, peer);
        assertThat(java.util.Arrays.copyOfRange(reply, 0, 6)).isEqualTo(HOST);
        EthernetFrames.Arp answered = EthernetFrames.arp(reply).orElseThrow();
        assertThat(answered.isReply()).isTrue();
        assertThat(answered.senderIp()).isEqualTo(peer);
        assertThat(answered.senderMac()).isEqualTo(OURS);
        assertThat(answered.targetIp()).isEqualTo(host);
    }

    @Test
    void aNeighbourAdvertisementNamesThePeerAndDecodesWithAValidChecksum() throws Exception {
        InetAddress host = InetAddress.getByName("fd3d:a0b:17d6::1");
        InetAddress peer = InetAddress.getByName("fd3d:fa7b:d17d::1");
        byte[] frame = EthernetFrames.neighbourAdvertisement(HOST, host, OURS, peer);
        assertThat(EthernetFrames.type(frame)).isEqualTo(EthernetFrames.TYPE_IPV6);
        byte[] ip = EthernetFrames.payload(frame);
        assertThat(PacketCodec.checksumProblem(ip)).isEmpty();
        IpPacket p = ((DecodeResult.Decoded) PacketCodec.decode(ip)).packet();
        assertThat(p.ttl()).isEqualTo(255);
        IcmpMessage m = (IcmpMessage) p.transport();
        assertThat(m.type()).isEqualTo(136);
        assertThat(EthernetFrames.neighbourTarget(m)).contains(peer);
    }

    @Test
    void macAddressesParseAndPrint() {
        assertThat(EthernetFrames.parseMac("02:00:00:00:00:01")).hasValueSatisfying(m -> assertThat(m).isEqualTo(OURS));
        assertThat(EthernetFrames.parseMac("02:00:00")).isEmpty();
        assertThat(EthernetFrames.macText(OURS)).isEqualTo("02:00:00:00:00:01");
    }
}
