package dev.jdrill.engine;

import dev.jdrill.wire.IpPacket;

/** A packet the engine sent, with the virtual time (µs) at which it left. */
public record OutboundPacket(IpPacket packet, long sentMicros) {
}
