package dev.jdrill.linux;

/** An Ethernet frame read off an interface by a {@link PacketSocket}, with the time it was read. */
public record LinkFrame(byte[] frame, long readNanos) {
}
