package dev.jdrill.interpreter.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundIcmpBuilderTest {

    private static IcmpPacket line(String text) {
        var parsed = ScriptParser.parseLine("t.pkt", text, 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        return (IcmpPacket) parsed.event().orElseThrow().action();
    }

    private static ScriptConnection connection(String local, String remote) throws Exception {
        ScriptConnection c = new ScriptConnection(InetAddress.getByName(local), InetAddress.getByName(remote), 40000, 8080);
        c.learnLocalIsn(1_000_000, 0);
        c.learnRemoteIsn(0);
        return c;
    }

    @Test
    void fragNeededQuotesTheStacksSegmentWithLiveSequence() throws Exception {
        IpPacket p = InboundIcmpBuilder.livePacket(line("+0 < icmp unreachable frag_needed mtu 840 [1:1001(1000)]"),
                connection("192.168.0.1", "192.0.2.1"));
        assertThat(p.source().getHostAddress()).isEqualTo("192.0.2.1");
        IcmpMessage icmp = (IcmpMessage) p.transport();
        assertThat(icmp.type()).isEqualTo(3);
        assertThat(icmp.code()).isEqualTo(4);
        assertThat(icmp.restOfHeader()).isEqualTo(840);
        ByteBuffer quoted = ByteBuffer.wrap(icmp.payload().toByteArray());
        assertThat(quoted.get(9)).isEqualTo((byte) 6);
        assertThat(quoted.getShort(2)).isEqualTo((short) (20 + 20 + 1000));
        assertThat(quoted.getShort(20) & 0xffff).isEqualTo(40000);
        assertThat(quoted.getShort(22) & 0xffff).isEqualTo(8080);
        assertThat(quoted.getInt(24)).isEqualTo(1_000_001);
    }

    @Test
    void ipv6PacketTooBigCarriesA32BitMtu() throws Exception {
        IpPacket p = InboundIcmpBuilder.livePacket(line("+0 < icmp packet_too_big mtu 1400 [0:1440(1440)]"),
                connection("fd3d:a0b:17d6::1", "fd3d:fa7b:d17d::1"));
        IcmpMessage icmp = (IcmpMessage) p.transport();
        assertThat(icmp.type()).isEqualTo(2);
        assertThat(icmp.restOfHeader()).isEqualTo(1400);
        assertThat(icmp.payload().length()).isEqualTo(48);
    }

    @Test
    void unknownTypeIsAnError() throws Exception {
        ScriptConnection c = connection("192.168.0.1", "192.0.2.1");
        assertThatThrownBy(() -> InboundIcmpBuilder.livePacket(line("+0 < icmp packet_too_big"), c))
                .hasMessageContaining("bad ICMP type");
    }
}
