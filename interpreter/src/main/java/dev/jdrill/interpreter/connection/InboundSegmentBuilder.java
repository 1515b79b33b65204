package dev.jdrill.interpreter.connection;

import dev.jdrill.grammar.ast.IpInfo;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpOptionSpec;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the live packet for a {@code <} line (map_inbound_packet in packetdrill): script numbers mapped
 * to live ones, the connection's live endpoints, zero-filled payload of the scripted length. Shorthand
 * segments get what they leave out from the {@link PeerView}.
 */
public final class InboundSegmentBuilder {

    private InboundSegmentBuilder() {
    }

    /** The segment as the script means it, in script numbering (shorthand filled in). */
    public static TcpSegment scriptSegment(TcpPacket line, ScriptConnection connection, PeerView peer)
            throws IllegalArgumentException {
        TcpFlags flags = new TcpFlags(line.flags().bits());
        long seq;
        int length;
        switch (line.seq().orElse(null)) {
            case SeqSpec.Full full -> {
                seq = full.start();
                length = (int) full.length();
            }
            case SeqSpec.Short s -> {
                seq = s.start();
                length = s.length().orElse(0L).intValue();
            }
            case null -> {
                seq = flags.syn() ? 0 : peer.nextSeq();
                length = 0;
            }
        }
        long ack = line.ack().orElse(flags.ack() && line.isShorthand() ? peer.ackForStack() : 0L);
        int window = line.window().map(Long::intValue).orElse(peer.window());
        int urgent = line.urgentPointer().map(Long::intValue).orElse(0);
        List<TcpOption> options = options(line.options());
        return new TcpSegment(connection.remotePort(), connection.localPort(), seq & 0xffff_ffffL, ack & 0xffff_ffffL,
                flags, window, urgent, options, Payload.zeros(length));
    }

    /**
     * packetdrill's "unable to infer live TS ecr": a packetdrill-form line's ecr names no TS val the stack
     * sent on an earlier line, and {@code --tcp_ts_ecr_scaled} does not allow interpolating one.
     */
    public static final class UnmappableEcr extends IllegalArgumentException {
        UnmappableEcr(long scriptEcr) {
            super("unable to infer live TS ecr for script TS ecr " + scriptEcr
                    + "; no matching or preceding outbound TS val (--tcp_ts_ecr_scaled allows interpolating)");
        }
    }

    /** The script segment renumbered for the live stack, wrapped in the connection's IP header. */
    public static IpPacket livePacket(TcpPacket line, TcpSegment script, ScriptConnection connection) {
        return livePacket(line, script, connection, true);
    }

    /**
     * As above; with {@code ecrScaled} false (packetdrill's default), a packetdrill-form line's ecr must
     * echo a TS val the stack sent on an earlier line, else {@link UnmappableEcr}. Shorthand lines keep
     * jdrill's lenient mapping.
     */
    public static IpPacket livePacket(TcpPacket line, TcpSegment script, ScriptConnection connection,
            boolean ecrScaled) {
        if (!ecrScaled && !line.isShorthand() && script.flags().ack()) {
            for (TcpOption o : script.options()) {
                if (o instanceof TcpOption.Timestamp ts && !connection.knowsOutboundTsVal(ts.ecr())) {
                    throw new UnmappableEcr(ts.ecr());
                }
            }
        }
        boolean syn = script.flags().syn();
        long seq = connection.inboundSeqToLive(script.seq(), syn);
        long ack = script.flags().ack() ? connection.inboundAckToLive(script.ack(), syn) : script.ack();
        List<TcpOption> options = new ArrayList<>(script.options().size());
        for (TcpOption o : script.options()) {
            options.add(switch (o) {
                case TcpOption.Sack s -> s.mapEdges(edge -> connection.inboundAckToLive(edge, false));
                case TcpOption.Timestamp ts when script.flags().ack() ->
                        new TcpOption.Timestamp(ts.val(), connection.inboundEcrToLive(ts.ecr()));
                default -> o;
            });
        }
        int sourcePort = line.ports().map(p -> p.src()).orElse(connection.remotePort());
        int destinationPort = line.ports().map(p -> p.dst()).orElse(connection.localPort());
        TcpSegment live = new TcpSegment(sourcePort, destinationPort, seq, ack, script.flags(), script.window(),
                script.urgentPointer(), options, script.payload());
        IpPacket packet = IpPacket.of(connection.remoteAddress(), connection.localAddress(), live);
        return withIpInfo(packet, line);
    }

    static IpPacket withIpInfo(IpPacket packet, TcpPacket line) {
        if (line.ipInfo().isEmpty()) {
            return packet;
        }
        IpInfo info = line.ipInfo().get();
        int trafficClass = packet.trafficClass();
        if (info.tos().isPresent()) {
            trafficClass = switch (info.tos().get()) {
                case IpInfo.TosSpec.Ecn e -> (trafficClass & ~3) | switch (e.codepoint()) {
                    case NO_ECN -> 0;
                    case ECT1 -> 1;
                    case ECT0 -> 2;
                    case CE -> 3;
                };
                case IpInfo.TosSpec.EitherEct e -> (trafficClass & ~3) | 2;
                case IpInfo.TosSpec.Tos t -> t.value() & 0xff;
            };
        }
        int ttl = info.ttl().orElse(packet.ttl());
        int flowLabel = info.flowLabel().map(Long::intValue).orElse(packet.flowLabel());
        return new IpPacket(packet.version(), packet.source(), packet.destination(), ttl, trafficClass,
                packet.version() == dev.jdrill.wire.IpVersion.IPV6 ? flowLabel : 0, packet.identification(),
                packet.dontFragment(), packet.transport());
    }

    /** The wire options a script list stands for; the <...> wildcard and no list both mean none here. */
    public static List<TcpOption> options(TcpOptionsSpec spec) {
        if (!(spec instanceof TcpOptionsSpec.OptionList list)) {
            return List.of();
        }
        List<TcpOption> out = new ArrayList<>(list.options().size());
        for (TcpOptionSpec o : list.options()) {
            out.add(switch (o) {
                case TcpOptionSpec.Nop n -> new TcpOption.Nop();
                case TcpOptionSpec.Eol e -> new TcpOption.EndOfOptions();
                case TcpOptionSpec.Mss m -> new TcpOption.MaxSegmentSize(m.mss());
                case TcpOptionSpec.WindowScale w -> new TcpOption.WindowScale(w.shift());
                case TcpOptionSpec.SackPermitted s -> new TcpOption.SackPermitted();
                case TcpOptionSpec.Sack s -> new TcpOption.Sack(s.blocks().stream()
                        .map(b -> new TcpOption.SackBlock(b.left() & 0xffff_ffffL, b.right() & 0xffff_ffffL)).toList());
                case TcpOptionSpec.Timestamp t -> new TcpOption.Timestamp(t.val() & 0xffff_ffffL, t.ecr() & 0xffff_ffffL);
                case TcpOptionSpec.Md5 m -> new TcpOption.Md5Signature(hex(m.digestHex(), 16));
                case TcpOptionSpec.FastOpen f -> new TcpOption.FastOpen(f.cookieHex().map(h -> hex(h, -1)).orElse(""));
                case TcpOptionSpec.FastOpenExp f -> new TcpOption.FastOpenExperimental(f.cookieHex().map(h -> hex(h, -1)).orElse(""));
                case TcpOptionSpec.AccEcn a -> accEcn(a);
                case TcpOptionSpec.UndefinedValue u -> throw new IllegalArgumentException(
                        u.symbol() + " is not defined (pass -D " + u.symbol() + "=...)");
            });
        }
        return out;
    }

    /** Hex as scripts write it (any case, maybe odd length) normalised to the wire record's form. */
    private static String hex(String text, int bytes) {
        String h = text.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("0x")) {
            h = h.substring(2);
        }
        if (h.length() % 2 != 0) {
            h = "0" + h;
        }
        if (bytes > 0 && h.length() < bytes * 2) {
            h = "0".repeat(bytes * 2 - h.length()) + h;
        }
        HexFormat.of().parseHex(h);
        return h;
    }

    /** AccECN option (kinds 172/174): 24-bit byte counters in the order written. */
    private static TcpOption accEcn(TcpOptionSpec.AccEcn a) {
        boolean e1First = !a.fields().isEmpty() && a.fields().getFirst().counter() == TcpOptionSpec.AccEcnCounter.E1B;
        StringBuilder data = new StringBuilder();
        for (TcpOptionSpec.AccEcnField f : a.fields()) {
            data.append(String.format("%06x", f.value() & 0xffffff));
        }
        return new TcpOption.Unknown(e1First ? 174 : 172, data.toString());
    }
}
