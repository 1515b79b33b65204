package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Encapsulation;
import dev.jdrill.grammar.ast.GreHeader;
import dev.jdrill.grammar.ast.IcmpEchoed;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.IpInfo;
import dev.jdrill.grammar.ast.MplsEntry;
import dev.jdrill.grammar.ast.PacketAction;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpOptionSpec;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.grammar.ast.UdpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Packets in script notation; part of {@link ScriptPrinter}, public so failures can show a packet alone. */
public final class PacketPrinter {
    private PacketPrinter() {
    }

    public static String packet(PacketAction packet) {
        List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(packet.direction().symbol()));
        for (Encapsulation e : packet.encapsulations()) {
            if (!(e instanceof Encapsulation.Psp)) {
                parts.add(encapsulation(e));
            }
        }
        packet.ipInfo().ifPresent(info -> parts.add(ipInfo(info)));
        switch (packet) {
            case TcpPacket tcp -> tcp(tcp, parts);
            case UdpPacket udp -> {
                parts.add("udp");
                udp.ports().ifPresent(p -> parts.add(p.src() + ">" + p.dst()));
                parts.add("(" + udp.payloadLength() + ")");
            }
            case IcmpPacket icmp -> {
                parts.add("icmp");
                parts.add(icmp.type());
                icmp.code().ifPresent(parts::add);
                icmp.mtu().ifPresent(m -> parts.add("mtu " + m));
                icmp.echoId().ifPresent(id -> parts.add("id " + id));
                icmp.echoed().ifPresent(e -> parts.add(echoed(e)));
            }
        }
        return String.join(" ", parts);
    }

    private static void tcp(TcpPacket tcp, List<String> parts) {
        for (Encapsulation e : tcp.encapsulations()) {
            if (e instanceof Encapsulation.Psp psp) {
                parts.add("encap psp spi " + psp.spi());
            }
        }
        tcp.ports().ifPresent(p -> parts.add(p.src() + ">" + p.dst()));
        parts.add(tcp.flags().text());
        tcp.seq().ifPresent(seq -> parts.add(seq(seq)));
        tcp.ack().ifPresent(a -> parts.add("ack " + a));
        tcp.window().ifPresent(w -> parts.add("win " + w));
        tcp.urgentPointer().ifPresent(u -> parts.add("urg " + u));
        options(tcp.options()).ifPresent(parts::add);
    }

    public static String seq(SeqSpec seq) {
        return switch (seq) {
            case SeqSpec.Full f -> f.start() + ":" + f.end() + "(" + f.length() + ")";
            case SeqSpec.Short s -> "seq " + s.start() + s.length().map(l -> " len " + l).orElse("");
        };
    }

    public static Optional<String> options(TcpOptionsSpec options) {
        return switch (options) {
            case TcpOptionsSpec.Unspecified u -> Optional.empty();
            case TcpOptionsSpec.AnyOptions a -> Optional.of("<...>");
            case TcpOptionsSpec.OptionList list ->
                    Optional.of(list.options().stream().map(PacketPrinter::option).collect(Collectors.joining(",", "<", ">")));
        };
    }

    public static String option(TcpOptionSpec option) {
        return switch (option) {
            case TcpOptionSpec.Nop n -> "nop";
            case TcpOptionSpec.Eol e -> "eol";
            case TcpOptionSpec.Mss m -> "mss " + m.mss();
            case TcpOptionSpec.WindowScale w -> "wscale " + w.shift();
            case TcpOptionSpec.SackPermitted s -> "sackOK";
            case TcpOptionSpec.Sack s -> "sack " + s.blocks().stream().map(b -> b.left() + ":" + b.right())
                    .collect(Collectors.joining(" "));
            case TcpOptionSpec.Timestamp t -> "TS val " + t.val() + " ecr " + t.ecr();
            case TcpOptionSpec.Md5 m -> "md5 " + m.digestHex();
            case TcpOptionSpec.FastOpen f -> "FO" + f.cookieHex().map(c -> " " + c).orElse("");
            case TcpOptionSpec.FastOpenExp f -> "FOEXP" + f.cookieHex().map(c -> " " + c).orElse("");
            case TcpOptionSpec.AccEcn a -> "ECN " + a.fields().stream().map(f -> f.counter().keyword() + " " + f.value())
                    .collect(Collectors.joining(" "));
            case TcpOptionSpec.UndefinedValue u -> u.option() + " " + u.symbol();
        };
    }

    public static String ipInfo(IpInfo info) {
        List<String> items = new ArrayList<>();
        info.tos().ifPresent(tos -> items.add(switch (tos) {
            case IpInfo.TosSpec.Ecn e -> e.codepoint().keyword();
            case IpInfo.TosSpec.EitherEct e -> "ect01";
            case IpInfo.TosSpec.Tos t -> String.format("tos 0x%x", t.value());
        }));
        info.flowLabel().ifPresent(f -> items.add(String.format("flowlabel 0x%x", f)));
        info.ttl().ifPresent(t -> items.add("ttl " + t));
        return "[" + String.join(", ", items) + "]";
    }

    private static String echoed(IcmpEchoed echoed) {
        return switch (echoed) {
            case IcmpEchoed.Tcp t -> "[" + seq(t.seq()) + "]";
            case IcmpEchoed.Udp u -> "[udp (" + u.payloadLength() + ")]";
            case IcmpEchoed.Raw r -> "[raw (" + r.payloadLength() + ")]";
        };
    }

    public static String encapsulation(Encapsulation e) {
        return switch (e) {
            case Encapsulation.Ipv4 v4 -> "ipv4 " + v4.ipInfo().map(i -> ipInfo(i) + " ").orElse("")
                    + v4.source() + " > " + v4.destination() + ":";
            case Encapsulation.Ipv6 v6 -> "ipv6 " + v6.ipInfo().map(i -> ipInfo(i) + " ").orElse("")
                    + v6.source() + " > " + v6.destination() + ":";
            case Encapsulation.Gre gre -> "gre" + gre.header().map(h -> " " + greHeader(h)).orElse("") + ":";
            case Encapsulation.Mpls mpls -> "mpls" + mpls.entries().stream().map(m -> " " + mplsEntry(m))
                    .collect(Collectors.joining()) + ":";
            case Encapsulation.Psp psp -> "encap psp spi " + psp.spi();
        };
    }

    public static String greHeader(GreHeader h) {
        return String.format("flags 0x%x sum %d off %d key %d seq %d", h.flags(), h.sum(), h.offset(), h.key(), h.sequence());
    }

    public static String mplsEntry(MplsEntry m) {
        return "(label " + m.label() + ", tc " + m.trafficClass() + ", " + (m.bottomOfStack() ? "[S], " : "")
                + "ttl " + m.ttl() + ")";
    }
}
