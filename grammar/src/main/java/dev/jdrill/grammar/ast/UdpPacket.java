package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/** {@code < udp 1111>2222 (100)} or {@code > udp (100)}: a UDP datagram with that many payload bytes. */
public record UdpPacket(Direction direction, List<Encapsulation> encapsulations, Optional<IpInfo> ipInfo,
                        Optional<PortInfo> ports, long payloadLength, SourceSpan span) implements PacketAction {
    public UdpPacket {
        encapsulations = List.copyOf(encapsulations);
    }
}
