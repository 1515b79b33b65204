package dev.jdrill.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Native struct layouts, checked against offsets worked out from the 6.18 uapi headers. */
class StructLayoutTest {

    @Test
    void tcpInfoOffsetsMatchTheUapiHeader() {
        Map<String, Integer> offsets = TcpInfo.fields().stream()
                .collect(Collectors.toMap(TcpInfo.Field::name, TcpInfo.Field::offset));
        assertThat(offsets).containsEntry("tcpi_state", 0).containsEntry("tcpi_snd_wscale", 6)
                .containsEntry("tcpi_rto", 8).containsEntry("tcpi_snd_mss", 16).containsEntry("tcpi_last_data_sent", 44)
                .containsEntry("tcpi_snd_cwnd", 80).containsEntry("tcpi_total_retrans", 100)
                .containsEntry("tcpi_pacing_rate", 104).containsEntry("tcpi_segs_out", 136)
                .containsEntry("tcpi_delivery_rate", 160).containsEntry("tcpi_delivered", 192)
                .containsEntry("tcpi_bytes_sent", 200).containsEntry("tcpi_snd_wnd", 228)
                .containsEntry("tcpi_total_rto", 240).containsEntry("tcpi_total_rto_time", 244)
                .containsEntry("tcpi_received_ce", 248);
        assertThat(TcpInfo.MAX_SIZE).isEqualTo(280);
    }

    @Test
    void tcpInfoDecodesBitfieldsAndStopsAtTheReturnedLength() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(TcpInfo.MAX_SIZE);
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            s.set(ValueLayout.JAVA_BYTE, 6, (byte) 0x97); // snd_wscale 7, rcv_wscale 9
            s.set(ValueLayout.JAVA_INT, 16, 1448);
            s.set(ValueLayout.JAVA_LONG, 104, 1L << 40);
            Map<String, Long> info = TcpInfo.decode(s, 232);
            assertThat(info).containsEntry("tcpi_state", 1L).containsEntry("tcpi_snd_wscale", 7L)
                    .containsEntry("tcpi_rcv_wscale", 9L).containsEntry("tcpi_snd_mss", 1448L)
                    .containsEntry("tcpi_pacing_rate", 1L << 40).containsKey("tcpi_snd_wnd")
                    .doesNotContainKey("tcpi_rcv_wnd").doesNotContainKey("tcpi_received_ce");
        }
    }

    @Test
    void socketAddressesRoundTrip() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            for (String host : new String[] {"192.0.2.1", "fd3d:fa7b:d17d::1"}) {
                InetAddress a = InetAddress.getByName(host);
                MemorySegment s = SocketAddresses.allocate(arena, a, 8080);
                assertThat(s.get(ValueLayout.JAVA_BYTE, 2)).isEqualTo((byte) 0x1f); // port in network order
                assertThat(SocketAddresses.read(s, s.byteSize())).contains(new InetSocketAddress(a, 8080));
            }
            InetAddress mapped = SocketAddresses.mapped(InetAddress.getByName("192.0.2.1"));
            assertThat(mapped.getAddress()).hasSize(16);
            assertThat(SocketAddresses.unmapped(mapped)).isEqualTo(InetAddress.getByName("192.0.2.1"));
        }
    }

    @Test
    void routesUseNetworkAddresses() throws Exception {
        assertThat(TestNetworkConfig.network(InetAddress.getByName("192.0.2.1"), 24)).isEqualTo("192.0.2.0/24");
        assertThat(TestNetworkConfig.network(InetAddress.getByName("fd3d:fa7b:d17d::1"), 48))
                .isEqualTo("fd3d:fa7b:d17d:0:0:0:0:0/48");
    }
}
