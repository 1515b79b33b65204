package dev.jdrill.wire.codec;

import dev.jdrill.wire.IpPacket;

/** What {@link PacketCodec#decode(byte[])} made of some bytes: a packet, or why they are not one. */
public sealed interface DecodeResult {

    /** The bytes were a packet this model can express. */
    record Decoded(IpPacket packet) implements DecodeResult {
    }

    /** The bytes were truncated, inconsistent, or a kind of packet the model has no record for. */
    record Malformed(String reason) implements DecodeResult {
    }
}
