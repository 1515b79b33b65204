package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.ast.Direction;
import dev.jdrill.grammar.ast.Encapsulation;
import dev.jdrill.grammar.ast.GreHeader;
import dev.jdrill.grammar.ast.IcmpEchoed;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.IpInfo;
import dev.jdrill.grammar.ast.MplsEntry;
import dev.jdrill.grammar.ast.PacketAction;
import dev.jdrill.grammar.ast.PortInfo;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.TcpFlagSet;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.grammar.ast.UdpPacket;
import dev.jdrill.grammar.JdrillParser.*;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parse tree → AST for packet lines: direction, outer headers, IP info, then the TCP, UDP or ICMP part. */
final class PacketBuilder {
    private final BuildContext context;
    private final NumberReader numbers;
    private final TcpOptionBuilder tcpOptions;
    private final TcpFlagsReader flags;

    PacketBuilder(BuildContext context) {
        this.context = context;
        this.numbers = new NumberReader(context);
        this.tcpOptions = new TcpOptionBuilder(context, numbers);
        this.flags = new TcpFlagsReader(context);
    }

    PacketAction packet(PacketSpecContext ctx) {
        Direction direction = ctx.direction().getText().equals("<") ? Direction.INBOUND : Direction.OUTBOUND;
        List<Encapsulation> encapsulations = new ArrayList<>();
        for (EncapsulationContext e : ctx.encapsulation()) {
            encapsulations.add(encapsulation(e));
        }
        Optional<IpInfo> ipInfo = Optional.ofNullable(ctx.ipInfo()).map(this::ipInfo);
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx.packetBody()) {
            case UdpBodyContext udp -> new UdpPacket(direction, encapsulations, ipInfo, ports(udp.portInfo()),
                    numbers.read(udp.length, "UDP payload size", NumberReader.U16), span);
            case IcmpBodyContext icmp -> icmp(direction, encapsulations, ipInfo, icmp, span);
            case TcpBodyContext tcp -> tcp(direction, encapsulations, ipInfo, tcp, span);
            default -> throw new IllegalStateException("unknown packet form");
        };
    }

    private TcpPacket tcp(Direction direction, List<Encapsulation> encapsulations, Optional<IpInfo> ipInfo,
                          TcpBodyContext ctx, SourceSpan span) {
        if (ctx.pspEncap() != null) {
            PspEncapContext psp = ctx.pspEncap();
            encapsulations.add(new Encapsulation.Psp(numbers.read(psp.number(), "PSP SPI", NumberReader.U32),
                    context.spans.of(psp)));
        }
        StringBuilder written = new StringBuilder();
        for (ParseTree child : ctx.tcpFlags().children) {
            written.append(child.getText());
        }
        TcpFlagSet flagSet = flags.read(written.toString(), context.spans.of(ctx.tcpFlags()));
        Optional<SeqSpec> seq = Optional.ofNullable(ctx.seqSpec()).map(this::seq);
        Optional<Long> ack = Optional.ofNullable(ctx.ack).map(n -> numbers.read(n, "TCP ack sequence number", NumberReader.U32));
        Optional<Long> window = Optional.ofNullable(ctx.win).map(n -> numbers.read(n, "TCP window value", NumberReader.U16));
        Optional<Long> urgent = Optional.ofNullable(ctx.urg).map(n -> numbers.read(n, "TCP urgent pointer", NumberReader.U16));
        return new TcpPacket(direction, encapsulations, ipInfo, ports(ctx.portInfo()), flagSet, seq, ack,
                window, urgent, tcpOptions.options(ctx.tcpOptions(), span), span);
    }

    SeqSpec seq(SeqSpecContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx) {
            case FullSeqContext full -> new SeqSpec.Full(
                    numbers.read(full.start, "TCP start sequence number", NumberReader.U32),
                    numbers.read(full.end, "TCP end sequence number", NumberReader.U32),
                    numbers.read(full.length, "TCP payload size", NumberReader.U16), span);
            case ShortSeqContext s -> new SeqSpec.Short(
                    numbers.read(s.start, "TCP sequence number", NumberReader.U32),
                    Optional.ofNullable(s.length).map(n -> numbers.read(n, "TCP payload size", NumberReader.U16)), span);
            default -> throw new IllegalStateException("unknown seq form");
        };
    }

    private IcmpPacket icmp(Direction direction, List<Encapsulation> encapsulations, Optional<IpInfo> ipInfo,
                            IcmpBodyContext ctx, SourceSpan span) {
        Optional<Long> mtu = Optional.ofNullable(ctx.mtu).map(n -> numbers.read(n, "ICMP MTU", NumberReader.U32));
        Optional<Long> echoId = Optional.ofNullable(ctx.echoId).map(n -> numbers.read(n, "ICMP echo id", NumberReader.U16));
        if (ctx.before != null && ctx.after != null) {
            context.error(ctx.after, "the ICMP message's echoed packet is given twice (before and after 'icmp')");
        }
        Optional<IcmpEchoed> echoed = Optional.ofNullable(ctx.after != null ? ctx.after : ctx.before).map(this::echoed);
        return new IcmpPacket(direction, encapsulations, ipInfo, ctx.icmpType.getText(),
                Optional.ofNullable(ctx.icmpCode).map(t -> t.getText()), mtu, echoId, echoed, span);
    }

    private IcmpEchoed echoed(IcmpEchoedContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx) {
            case EchoedUdpContext udp -> new IcmpEchoed.Udp(numbers.read(udp.number(), "UDP payload size", NumberReader.U16), span);
            case EchoedRawContext raw -> new IcmpEchoed.Raw(numbers.read(raw.number(), "raw payload size", NumberReader.U16), span);
            case EchoedTcpContext tcp -> {
                SeqSpec seq = seq(tcp.seqSpec());
                if (seq instanceof SeqSpec.Full full) {
                    yield new IcmpEchoed.Tcp(full, span);
                }
                SeqSpec.Short s = (SeqSpec.Short) seq;
                long length = s.length().orElse(0L);
                yield new IcmpEchoed.Tcp(new SeqSpec.Full(s.start(), (s.start() + length) & NumberReader.U32, length, s.span()), span);
            }
            default -> throw new IllegalStateException("unknown echoed form");
        };
    }

    private Optional<PortInfo> ports(PortInfoContext ctx) {
        if (ctx == null) {
            return Optional.empty();
        }
        int src = (int) numbers.read(ctx.src, "src port", NumberReader.U16);
        int dst = (int) numbers.read(ctx.dst, "dst port", NumberReader.U16);
        return Optional.of(new PortInfo(src, dst, context.spans.of(ctx)));
    }

    IpInfo ipInfo(IpInfoContext ctx) {
        Optional<IpInfo.TosSpec> tos = Optional.empty();
        Optional<Long> flowLabel = Optional.empty();
        Optional<Integer> ttl = Optional.empty();
        for (IpInfoItemContext item : ctx.ipInfoItem()) {
            SourceSpan span = context.spans.of(item);
            switch (item) {
                case EcnItemContext ecn -> {
                    if (tos.isPresent()) {
                        context.error(span, "ECN/tos given twice");
                    }
                    tos = Optional.of(ecn(ecn.getText(), span));
                }
                case TosItemContext t -> {
                    if (tos.isPresent()) {
                        context.error(span, "ECN/tos given twice");
                    }
                    tos = Optional.of(new IpInfo.TosSpec.Tos((int) numbers.read(t.number(), "tos", NumberReader.U8), span));
                }
                case FlowLabelItemContext f -> {
                    if (flowLabel.isPresent()) {
                        context.error(span, "flowlabel given twice");
                    }
                    flowLabel = Optional.of(numbers.read(f.number(), "flowlabel", NumberReader.U20));
                }
                case TtlItemContext t -> {
                    if (ttl.isPresent()) {
                        context.error(span, "ttl given twice");
                    }
                    ttl = Optional.of((int) numbers.read(t.number(), "ttl", NumberReader.U8));
                }
                default -> throw new IllegalStateException("unknown ip info item");
            }
        }
        return new IpInfo(tos, flowLabel, ttl, context.spans.of(ctx));
    }

    private static IpInfo.TosSpec ecn(String keyword, SourceSpan span) {
        if (keyword.equals("ect01")) {
            return new IpInfo.TosSpec.EitherEct(span);
        }
        for (IpInfo.EcnCodepoint codepoint : IpInfo.EcnCodepoint.values()) {
            if (codepoint.keyword().equals(keyword)) {
                return new IpInfo.TosSpec.Ecn(codepoint, span);
            }
        }
        throw new IllegalStateException("unknown ECN keyword " + keyword);
    }

    private Encapsulation encapsulation(EncapsulationContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx) {
            case Ipv4EncapsulationContext v4 -> new Encapsulation.Ipv4(Optional.ofNullable(v4.ipInfo()).map(this::ipInfo),
                    v4.src.getText(), v4.dst.getText(), span);
            case Ipv6EncapsulationContext v6 -> new Encapsulation.Ipv6(Optional.ofNullable(v6.ipInfo()).map(this::ipInfo),
                    v6.src.getText(), v6.dst.getText(), span);
            case GreEncapsulationContext gre -> new Encapsulation.Gre(Optional.ofNullable(gre.greHeader()).map(this::greHeader), span);
            case MplsEncapsulationContext mpls -> new Encapsulation.Mpls(mpls.mplsEntry().stream().map(this::mplsEntry).toList(), span);
            default -> throw new IllegalStateException("unknown encapsulation");
        };
    }

    GreHeader greHeader(GreHeaderContext ctx) {
        long flags = 0;
        GreFlagsContext flagsCtx = ctx.greFlags();
        if (flagsCtx.number() != null) {
            flags = numbers.read(flagsCtx.number(), "GRE flags", NumberReader.U16);
        } else {
            for (GreFlagContext flag : flagsCtx.greFlag()) {
                if (flag.CHECKSUM() != null) {
                    flags |= GreHeader.FLAG_CHECKSUM;
                } else if (flag.KEY() != null) {
                    flags |= GreHeader.FLAG_KEY;
                } else if (flag.SEQUENCE() != null) {
                    flags |= GreHeader.FLAG_SEQUENCE;
                }
            }
        }
        return new GreHeader(flags, numbers.read(ctx.sum, "GRE checksum", NumberReader.U16),
                numbers.read(ctx.off, "GRE offset", NumberReader.U16), numbers.read(ctx.key, "GRE key", NumberReader.U32),
                numbers.read(ctx.seq, "GRE sequence number", NumberReader.U32), context.spans.of(ctx));
    }

    MplsEntry mplsEntry(MplsEntryContext ctx) {
        boolean bottom = ctx.bottom != null;
        if (bottom && !ctx.bottom.getText().equals("S")) {
            context.error(ctx.bottom, "expected [S] for MPLS label stack bottom");
        }
        return new MplsEntry(numbers.read(ctx.label, "MPLS label", NumberReader.U20),
                numbers.read(ctx.tc, "MPLS traffic class", 7), bottom,
                numbers.read(ctx.ttl, "MPLS ttl", NumberReader.U8), context.spans.of(ctx));
    }
}
