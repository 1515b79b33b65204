package dev.jdrill.interpreter.target;

import dev.jdrill.wire.IpPacket;

/** A packet the stack under test sent, with the time it left (or was read off the device). */
public record SentPacket(IpPacket packet, long timeMicros) {
}
