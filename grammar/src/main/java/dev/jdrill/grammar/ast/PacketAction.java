package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/** A packet injected or expected. Encapsulations are listed outermost first. */
public sealed interface PacketAction extends Action permits TcpPacket, UdpPacket, IcmpPacket {
    Direction direction();

    List<Encapsulation> encapsulations();

    Optional<IpInfo> ipInfo();
}
