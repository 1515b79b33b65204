package dev.jdrill.wire;

/** What an IP packet carries. */
public sealed interface Transport permits TcpSegment, UdpDatagram, IcmpMessage {
}
