package dev.jdrill.wire;

/**
 * An ICMPv4 or ICMPv6 message. {@code restOfHeader} is the 32-bit word after type/code/checksum (the
 * next-hop MTU of "fragmentation needed", the id/sequence of an echo); {@code payload} is what follows,
 * usually the start of the packet the error is about.
 */
public record IcmpMessage(int type, int code, long restOfHeader, Payload payload) implements Transport {
    public IcmpMessage {
        WireChecks.u8(type, "icmp type");
        WireChecks.u8(code, "icmp code");
        WireChecks.u32(restOfHeader, "icmp rest of header");
    }
}
