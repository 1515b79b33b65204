package dev.jdrill.interpreter.connection;

import dev.jdrill.grammar.ast.IcmpEchoed;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.wire.IcmpMessage;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Builds the live packet for a {@code < icmp ...} line (packetdrill's new_icmp_packet and
 * map_inbound_icmp_packet): the ICMP header, then — so that the kernel finds the socket it is about —
 * a copy of the IP header of a segment the stack sent and the first 8 bytes of its TCP header: the
 * ports and the sequence number, mapped from the script's numbering to the live one.
 */
public final class InboundIcmpBuilder {
    private static final int PROTOCOL_TCP = 6;
    private static final int PROTOCOL_UDP = 17;
    private static final int TCP_HEADER = 20;
    private static final int UDP_HEADER = 8;

    private InboundIcmpBuilder() {
    }

    public static IpPacket livePacket(IcmpPacket line, ScriptConnection connection) {
        boolean ipv6 = connection.localAddress() instanceof Inet6Address;
        int type = IcmpTypes.type(line.type(), ipv6)
                .orElseThrow(() -> new IllegalArgumentException("bad ICMP type " + line.type()));
        int code = IcmpTypes.code(type, line.code(), ipv6)
                .orElseThrow(() -> new IllegalArgumentException("bad ICMP code " + line.code().orElse("")));
        long rest = restOfHeader(type, ipv6, line);
        Payload quoted = quotedPacket(line, connection, ipv6);
        IpPacket packet = IpPacket.of(connection.remoteAddress(), connection.localAddress(),
                new IcmpMessage(type, code, rest, quoted));
        return packet;
    }

    /** The word after type, code and checksum: the next-hop MTU of "frag needed"/"packet too big", or an echo id. */
    private static long restOfHeader(int type, boolean ipv6, IcmpPacket line) {
        long mtu = line.mtu().orElse(0L);
        long echoId = line.echoId().orElse(0L);
        if (ipv6) {
            return type == 2 ? mtu & 0xffff_ffffL : (type == 128 || type == 129) ? (echoId & 0xffff) << 16 : 0;
        }
        return type == 3 ? mtu & 0xffff : (type == 0 || type == 8) ? (echoId & 0xffff) << 16 : 0;
    }

    private static Payload quotedPacket(IcmpPacket line, ScriptConnection connection, boolean ipv6) {
        int protocol = PROTOCOL_TCP;
        long scriptSeq = 0;
        long payloadLength = 0;
        if (line.echoed().isPresent()) {
            switch (line.echoed().get()) {
                case IcmpEchoed.Tcp t -> {
                    scriptSeq = t.seq().start();
                    payloadLength = t.seq().length();
                }
                case IcmpEchoed.Udp u -> {
                    protocol = PROTOCOL_UDP;
                    payloadLength = u.payloadLength();
                }
                case IcmpEchoed.Raw r -> {
                    return Payload.zeros((int) r.payloadLength());
                }
            }
        }
        int ipHeader = ipv6 ? 40 : 20;
        int l4Header = protocol == PROTOCOL_TCP ? TCP_HEADER : UDP_HEADER;
        ByteBuffer b = ByteBuffer.allocate(ipHeader + 8);
        byte[] src = connection.localAddress().getAddress();
        byte[] dst = connection.remoteAddress().getAddress();
        int quotedLength = (int) (ipHeader + l4Header + payloadLength);
        if (ipv6) {
            b.putInt(6 << 28).putShort((short) (quotedLength - ipHeader)).put((byte) protocol).put((byte) 0)
                    .put(src).put(dst);
        } else {
            b.put((byte) 0x45).put((byte) 0).putShort((short) quotedLength).putShort((short) 0).putShort((short) 0)
                    .put((byte) 0).put((byte) protocol).putShort((short) 0).put(src).put(dst);
        }
        b.putShort((short) connection.localPort()).putShort((short) connection.remotePort());
        if (protocol == PROTOCOL_TCP) {
            b.putInt((int) connection.inboundAckToLive(scriptSeq, false));
        } else {
            b.putShort((short) (UDP_HEADER + payloadLength)).putShort((short) 0);
        }
        return Payload.of(b.array());
    }
}
