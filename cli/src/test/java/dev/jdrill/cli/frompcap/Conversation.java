package dev.jdrill.cli.frompcap;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.pcap.PcapWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A known TCP conversation, built segment by segment in absolute numbers and written as a capture. */
final class Conversation {
    static final int S = TcpFlags.SYN;
    static final int A = TcpFlags.ACK;
    static final int F = TcpFlags.FIN;
    static final int P = TcpFlags.PSH;
    static final int R = TcpFlags.RST;

    record Stamped(long micros, IpPacket packet) {
    }

    private final InetAddress clientAddress;
    private final InetAddress serverAddress;
    private final int clientPort;
    private final int serverPort;
    final List<Stamped> packets = new ArrayList<>();

    Conversation(String client, int clientPort, String server, int serverPort) {
        try {
            this.clientAddress = InetAddress.getByName(client);
            this.serverAddress = InetAddress.getByName(server);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    Conversation client(long micros, int flags, long seq, long ack, int window, int length, TcpOption... options) {
        return add(micros, true, flags, seq, ack, window, length, options);
    }

    Conversation server(long micros, int flags, long seq, long ack, int window, int length, TcpOption... options) {
        return add(micros, false, flags, seq, ack, window, length, options);
    }

    private Conversation add(long micros, boolean fromClient, int flags, long seq, long ack, int window, int length,
                             TcpOption... options) {
        TcpSegment tcp = new TcpSegment(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                seq & 0xffff_ffffL, ack & 0xffff_ffffL, new TcpFlags(flags), window, 0, List.of(options),
                Payload.zeros(length));
        packets.add(new Stamped(micros, fromClient ? IpPacket.of(clientAddress, serverAddress, tcp)
                : IpPacket.of(serverAddress, clientAddress, tcp)));
        return this;
    }

    Path writeTo(Path file) throws Exception {
        try (PcapWriter pcap = PcapWriter.create(file)) {
            for (Stamped p : packets) {
                pcap.write(p.micros(), p.packet());
            }
        }
        return file;
    }
}
