package dev.jdrill.wire.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.codec.PacketCodec;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;

class PcapWriterTest {
    @TempDir
    Path dir;

    private static IpPacket segment(long seq) throws Exception {
        return IpPacket.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.168.0.1"),
                new TcpSegment(41000, 8080, seq, 0, TcpFlags.of(TcpFlags.SYN), 65535, 0, List.of(), Payload.EMPTY));
    }

    @Test
    void writesAClassicMicrosecondRawIpCapture() throws Exception {
        Path file = dir.resolve("run.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(1_500_000, segment(1));
            w.write(2_000_001, segment(2));
            assertThat(file).doesNotExist(); // not in place until closed
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(b.getInt(20)).isEqualTo(101);
        assertThat(b.getInt(24)).isEqualTo(1);       // ts_sec
        assertThat(b.getInt(28)).isEqualTo(500_000); // ts_usec
        int len = PacketCodec.encode(segment(1)).length;
        assertThat(b.getInt(32)).isEqualTo(len);
        assertThat(b.capacity()).isEqualTo(24 + 2 * (16 + len));
        assertThat(onlyFile()).isEqualTo(file);
    }

    @Test
    void libpcapReadsItBack() throws Exception {
        Path file = dir.resolve("libpcap.pcap");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(3_000_007, segment(77));
        }
        PcapHandle handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        try {
            var packet = handle.getNextPacketEx();
            assertThat(handle.getTimestamp().getTime()).isEqualTo(3_000L);
            IpV4Packet ip = IpV4Packet.newPacket(packet.getRawData(), 0, packet.length());
            assertThat(ip.getPayload().getRawData()).hasSize(20);
        } finally {
            handle.close();
        }
    }

    @Test
    void abortLeavesNothingBehind() throws Exception {
        PcapWriter w = PcapWriter.create(dir.resolve("x.pcap"));
        w.write(0, segment(1));
        w.abort();
        w.close(); // harmless after abort
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void closeReplacesAnOlderCapture() throws Exception {
        Path file = dir.resolve("y.pcap");
        Files.writeString(file, "old");
        try (PcapWriter w = PcapWriter.create(file)) {
            w.write(0, segment(1));
        }
        assertThat(Files.size(file)).isGreaterThan(24);
        assertThat(onlyFile()).isEqualTo(file);
    }

    private Path onlyFile() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
        }
    }
}
