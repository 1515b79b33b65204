package dev.jdrill.target.remote;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpSegment;
import java.util.Optional;

/**
 * Without an agent, {@code --remote-port P} points a script at a server already listening on port P of
 * the host: the script's own server port (its first injected segment's destination, 8080 unless the
 * script says otherwise) becomes P on the wire, and P becomes the script's port again in what the host
 * sends back, so the script reads as it would against any other target.
 */
final class PortRewrite {
    private PortRewrite() {
    }

    static IpPacket inbound(IpPacket packet, RemoteTarget target) {
        Optional<Integer> port = target.remotePort();
        if (port.isEmpty() || !(packet.transport() instanceof TcpSegment s)) {
            return packet;
        }
        if (target.scriptServerPort() < 0) {
            target.scriptServerPort(s.destinationPort());
        }
        if (s.destinationPort() != target.scriptServerPort()) {
            return packet;
        }
        return packet.withTransport(new TcpSegment(s.sourcePort(), port.get(), s.seq(), s.ack(), s.flags(), s.window(),
                s.urgentPointer(), s.options(), s.payload()));
    }

    static IpPacket outbound(IpPacket packet, RemoteTarget target) {
        Optional<Integer> port = target.remotePort();
        if (port.isEmpty() || target.scriptServerPort() < 0 || !(packet.transport() instanceof TcpSegment s)
                || s.sourcePort() != port.get()) {
            return packet;
        }
        return packet.withTransport(new TcpSegment(target.scriptServerPort(), s.destinationPort(), s.seq(), s.ack(),
                s.flags(), s.window(), s.urgentPointer(), s.options(), s.payload()));
    }
}
