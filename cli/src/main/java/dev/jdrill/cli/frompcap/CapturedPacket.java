package dev.jdrill.cli.frompcap;

import dev.jdrill.wire.IpPacket;

/** One decoded IP packet of a capture and when it was captured (microseconds since the epoch). */
record CapturedPacket(long micros, IpPacket packet) {
}
