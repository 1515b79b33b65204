package dev.jdrill.cli.frompcap;

import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a pcap or pcapng file through libpcap (pcap4j): every IP packet with its timestamp. Frames that
 * are not IP, or not decodable, are left out; the caller only wants TCP anyway.
 */
final class CaptureReader {

    private CaptureReader() {
    }

    static List<CapturedPacket> read(Path file) throws CaptureException {
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(Files.exists(file) ? "not a capture file" : "no such file");
        }
        PcapHandle handle = open(file);
        try {
            int linkType = handle.getDlt().value();
            if (!LinkLayer.supported(linkType)) {
                throw new CaptureException("link type " + handle.getDlt() + " is not supported (raw IP, Ethernet,"
                        + " Linux cooked and loopback captures are)");
            }
            List<CapturedPacket> packets = new ArrayList<>();
            while (true) {
                byte[] frame;
                try {
                    frame = handle.getNextRawPacketEx();
                } catch (EOFException e) {
                    return packets;
                } catch (TimeoutException e) {
                    continue; // only live captures time out; an offline read just goes on
                } catch (PcapNativeException e) {
                    throw new CaptureException("bad capture: " + e.getMessage());
                }
                Optional<byte[]> ip = LinkLayer.ipPacket(linkType, untruncated(frame, handle.getOriginalLength()));
                if (ip.isPresent() && PacketCodec.decode(ip.get()) instanceof DecodeResult.Decoded d) {
                    packets.add(new CapturedPacket(micros(handle.getTimestamp()), d.packet()));
                }
            }
        } catch (NotOpenException e) {
            throw new CaptureException("the capture was closed while reading");
        } finally {
            handle.close();
        }
    }

    private static PcapHandle open(Path file) throws CaptureException {
        try {
            return Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        } catch (PcapNativeException e) {
            throw new CaptureException("not a pcap or pcapng capture: " + e.getMessage());
        } catch (LinkageError e) {
            // pcap4j loads libpcap on first use; without it the JVM reports a link error, not a message.
            throw new CaptureException("reading captures needs libpcap, which is not installed"
                    + " (Debian/Ubuntu: apt-get install libpcap0.8)");
        }
    }

    /**
     * A frame cut short by the capture's snap length, padded back to its original length: only headers
     * matter here, and the decoder rejects an IP packet shorter than its length field says.
     */
    private static byte[] untruncated(byte[] frame, Integer originalLength) {
        return originalLength != null && originalLength > frame.length ? Arrays.copyOf(frame, originalLength) : frame;
    }

    private static long micros(Timestamp t) {
        return Math.floorDiv(t.getTime(), 1000) * 1_000_000L + t.getNanos() / 1000;
    }
}
