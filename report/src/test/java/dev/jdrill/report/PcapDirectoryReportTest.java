package dev.jdrill.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapDirectoryReportTest {
    private static final int SYN = TcpFlags.SYN;
    private static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;
    private static final int ACK = TcpFlags.ACK;

    @TempDir
    Path dir;

    /** A capture as a list of (time, packet), read with nothing but the pcap format and the codec. */
    record Captured(long micros, IpPacket packet) {
    }

    static List<Captured> read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(b.getInt(20)).isEqualTo(101); // LINKTYPE_RAW
        List<Captured> packets = new ArrayList<>();
        int at = 24;
        while (at < b.capacity()) {
            long micros = b.getInt(at) * 1_000_000L + b.getInt(at + 4);
            int length = b.getInt(at + 8);
            byte[] bytes = new byte[length];
            b.get(at + 16, bytes);
            assertThat(PacketCodec.checksumProblem(bytes)).isEmpty();
            DecodeResult decoded = PacketCodec.decode(bytes);
            assertThat(decoded).isInstanceOf(DecodeResult.Decoded.class);
            packets.add(new Captured(micros, ((DecodeResult.Decoded) decoded).packet()));
            at += 16 + length;
        }
        return packets;
    }

    private static List<TraceEntry> handshake() {
        IpPacket syn = SampleOutcomes.segment(true, SYN, 0, 0, 0);
        IpPacket synAck = SampleOutcomes.segment(false, SYN_ACK, 12345, 1, 0);
        IpPacket ack = SampleOutcomes.segment(true, ACK, 1, 12346, 0);
        IpPacket data = SampleOutcomes.segment(false, ACK | TcpFlags.PSH, 12346, 1, 100);
        return List.of(
                new TraceEntry.Injected(0, syn, "< S 0:0(0) win 65535 <mss 1460>", 1),
                new TraceEntry.Sent(0, synAck, "> S. 0:0(0) ack 1 <...>", 2),
                new TraceEntry.Injected(100_000, ack, "< . 1:1(0) ack 1 win 65535", 3),
                new TraceEntry.CallReturned(100_000, 100_000, "accept(3, ..., ...) = 4", 4),
                new TraceEntry.Sent(1_300_000, data, "> P. 1:101(100) ack 1", 6));
    }

    @Test
    void everyInjectedAndSentPacketAtItsScriptTime() throws Exception {
        PcapDirectoryReport report = new PcapDirectoryReport(dir.resolve("caps"));
        report.record(SampleOutcomes.passed("scripts/close/fin.pkt", "engine", handshake()));
        report.close();

        List<Captured> packets = read(dir.resolve("caps/scripts_close_fin.pkt.engine.pcap"));
        assertThat(packets).extracting(Captured::micros).containsExactly(0L, 0L, 100_000L, 1_300_000L);
        assertThat(packets).extracting(c -> c.packet().tcp().orElseThrow().toScript()).containsExactly(
                "S 0:0(0) win 65535 <mss 1460>",
                "S. 12345:12345(0) ack 1 win 65535",
                ". 1:1(0) ack 12346 win 65535",
                "P. 12346:12446(100) ack 1 win 65535");
        assertThat(packets.getFirst().packet().source().getHostAddress()).isEqualTo("192.0.2.1");
    }

    @Test
    void anAnswerStampedBeforeItsInjectionStaysAfterIt() throws Exception {
        // On the kernel an injection is stamped when the write returns, after the kernel already answered.
        IpPacket data = SampleOutcomes.segment(true, ACK | TcpFlags.PSH, 1, 12346, 1000);
        IpPacket ack = SampleOutcomes.segment(false, ACK, 12346, 1001, 0);
        PcapDirectoryReport.write(dir.resolve("k.pcap"), SampleOutcomes.passed("k.pkt", "linux", List.of(
                new TraceEntry.Injected(220_928, data, "< P. 1:1001(1000) ack 1 win 257", 10),
                new TraceEntry.Sent(220_299, ack, "> . 1:1(0) ack 1001", 11))).result().orElseThrow());

        List<Captured> packets = read(dir.resolve("k.pcap"));
        assertThat(packets).extracting(c -> c.packet().tcp().orElseThrow().payload().length()).containsExactly(1000, 0);
        assertThat(packets).extracting(Captured::micros).containsExactly(220_928L, 220_928L);
    }

    @Test
    void fileNamesFlattenTheScriptPath() {
        assertThat(PcapDirectoryReport.fileName("scripts/close/fin.pkt", "linux")).isEqualTo("scripts_close_fin.pkt.linux.pcap");
        assertThat(PcapDirectoryReport.fileName("./a.pkt", "engine")).isEqualTo("a.pkt.engine.pcap");
        assertThat(PcapDirectoryReport.fileName("/tmp/x/a.pkt", "engine")).isEqualTo("tmp_x_a.pkt.engine.pcap");
    }

    @Test
    void aScriptThatNeverRanGetsNoCapture() throws Exception {
        PcapDirectoryReport report = new PcapDirectoryReport(dir);
        report.record(SampleOutcomes.unparsable("bad.pkt", "engine"));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void tsharkReadsTheSameSegments() throws Exception {
        boolean required = "1".equals(System.getenv("JDRILL_REQUIRE_TOOLS"));
        boolean present = Files.isExecutable(Path.of("/usr/bin/tshark"));
        if (required) {
            assertThat(present).as("tshark is required (JDRILL_REQUIRE_TOOLS=1): apt-get install tshark").isTrue();
        }
        assumeTrue(present, "tshark is not installed (apt-get install tshark)");
        PcapDirectoryReport report = new PcapDirectoryReport(dir);
        report.record(SampleOutcomes.passed("fin.pkt", "engine", handshake()));
        Process tshark = new ProcessBuilder("/usr/bin/tshark", "-r", dir.resolve("fin.pkt.engine.pcap").toString(),
                "-T", "fields", "-e", "frame.time_relative",
                "-e", "tcp.flags.str", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len")
                .redirectErrorStream(true).start();
        String out = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tshark.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> !l.isBlank() && Character.isDigit(l.charAt(0))).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("0\\.0+\\t\\S*S\\S*\\t0\\t0\\t0");
        assertThat(lines.get(1)).matches("0\\.0+\\t\\S*A\\S*S\\S*\\t12345\\t1\\t0");
        assertThat(lines.get(3)).matches("1\\.30+\\t\\S*P\\S*\\t12346\\t1\\t100");
    }
}
