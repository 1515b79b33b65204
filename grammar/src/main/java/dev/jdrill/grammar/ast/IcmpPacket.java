package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/**
 * {@code < icmp unreachable frag_needed mtu 1400 [1:1461(1460)]}: type and code are the names packetdrill
 * knows (checked at run time, as packetdrill does); {@code echoed} describes the packet quoted inside.
 */
public record IcmpPacket(Direction direction, List<Encapsulation> encapsulations, Optional<IpInfo> ipInfo,
                         String type, Optional<String> code, Optional<Long> mtu, Optional<Long> echoId,
                         Optional<IcmpEchoed> echoed, SourceSpan span) implements PacketAction {
    public IcmpPacket {
        encapsulations = List.copyOf(encapsulations);
    }
}
