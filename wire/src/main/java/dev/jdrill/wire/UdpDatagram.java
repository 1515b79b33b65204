package dev.jdrill.wire;

public record UdpDatagram(int sourcePort, int destinationPort, Payload payload) implements Transport {
    public UdpDatagram {
        WireChecks.u16(sourcePort, "source port");
        WireChecks.u16(destinationPort, "destination port");
    }
}
