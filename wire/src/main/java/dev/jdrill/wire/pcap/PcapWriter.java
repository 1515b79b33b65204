package dev.jdrill.wire.pcap;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.codec.PacketCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes packets to a classic pcap file (microsecond timestamps, LINKTYPE_RAW: each record is a bare
 * IPv4 or IPv6 packet, which is what a TUN device carries). The file is written beside its destination
 * under a temporary name and renamed into place by {@link #close()}, so a reader never sees half a
 * capture and a failed run leaves none behind ({@link #abort()}).
 */
public final class PcapWriter implements AutoCloseable {
    /** LINKTYPE_RAW (tcpdump.org link-layer header types): raw IP, version taken from the first nibble. */
    public static final int LINKTYPE_RAW = 101;
    private static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    private static final int SNAPLEN = 262_144;

    private final Path destination;
    private final Path temporary;
    private final OutputStream out;
    private boolean finished;

    private PcapWriter(Path destination, Path temporary, OutputStream out) {
        this.destination = destination;
        this.temporary = temporary;
        this.out = out;
    }

    /** Starts a capture that will appear at {@code destination} when closed. */
    public static PcapWriter create(Path destination) throws IOException {
        Path absolute = destination.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".partial");
        OutputStream out = null;
        try {
            out = new BufferedOutputStream(Files.newOutputStream(temporary));
            PcapWriter writer = new PcapWriter(absolute, temporary, out);
            writer.writeFileHeader();
            return writer;
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                closeQuietly(out);
            }
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Appends a packet captured {@code timestampMicros} after the Unix epoch (or any origin the caller picks). */
    public void write(long timestampMicros, IpPacket packet) throws IOException {
        write(timestampMicros, PacketCodec.encode(packet));
    }

    /** Appends raw IP bytes captured at {@code timestampMicros}. */
    public void write(long timestampMicros, byte[] ipBytes) throws IOException {
        if (finished) {
            throw new IllegalStateException("pcap writer for " + destination + " is closed");
        }
        if (timestampMicros < 0) {
            throw new IllegalArgumentException("negative pcap timestamp " + timestampMicros);
        }
        int captured = Math.min(ipBytes.length, SNAPLEN);
        ByteBuffer record = littleEndian(16);
        record.putInt((int) (timestampMicros / 1_000_000));
        record.putInt((int) (timestampMicros % 1_000_000));
        record.putInt(captured);
        record.putInt(ipBytes.length);
        out.write(record.array());
        out.write(ipBytes, 0, captured);
    }

    /** Finishes the file and moves it into place, replacing any older capture of the same name. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            out.close();
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Throws the capture away: nothing appears at the destination. Safe to call after close. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        closeQuietly(out);
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Nothing more can be done about a temporary file that refuses to go; it is hidden (dot name).
        }
    }

    private void writeFileHeader() throws IOException {
        ByteBuffer header = littleEndian(24);
        header.putInt(MAGIC_MICROSECONDS);
        header.putShort((short) 2).putShort((short) 4); // format version 2.4
        header.putInt(0).putInt(0); // thiszone, sigfigs: always zero in practice
        header.putInt(SNAPLEN);
        header.putInt(LINKTYPE_RAW);
        out.write(header.array());
    }

    private static ByteBuffer littleEndian(int size) {
        // Readers detect byte order from the magic; little-endian is what tcpdump writes on x86.
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already failing or aborting: the first problem is the one worth reporting.
        }
    }
}
