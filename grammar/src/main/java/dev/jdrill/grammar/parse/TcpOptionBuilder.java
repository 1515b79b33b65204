package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.TcpOptionSpec;
import dev.jdrill.grammar.ast.TcpOptionSpec.AccEcnCounter;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.JdrillParser.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parse tree → AST for the {@code <...>} TCP option list of a segment. */
final class TcpOptionBuilder {
    static final String KNOWN_OPTIONS = "nop, eol, mss, wscale, sackOK, sack, TS, md5, FO, FOEXP, ECN";

    private final BuildContext context;
    private final NumberReader numbers;

    TcpOptionBuilder(BuildContext context, NumberReader numbers) {
        this.context = context;
        this.numbers = numbers;
    }

    TcpOptionsSpec options(TcpOptionsContext ctx, SourceSpan packetSpan) {
        if (ctx == null) {
            return new TcpOptionsSpec.Unspecified(new SourceSpan(packetSpan.file(), packetSpan.endLine(),
                    packetSpan.endColumn(), packetSpan.endLine(), packetSpan.endColumn()));
        }
        if (ctx instanceof AnyTcpOptionsContext) {
            return new TcpOptionsSpec.AnyOptions(context.spans.of(ctx));
        }
        List<TcpOptionSpec> options = new ArrayList<>();
        for (TcpOptionContext option : ((TcpOptionListContext) ctx).tcpOption()) {
            option(option).ifPresent(options::add);
        }
        return new TcpOptionsSpec.OptionList(options, context.spans.of(ctx));
    }

    private Optional<TcpOptionSpec> option(TcpOptionContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        TcpOptionSpec option = switch (ctx) {
            case NopOptionContext n -> new TcpOptionSpec.Nop(span);
            case EolOptionContext e -> new TcpOptionSpec.Eol(span);
            case MssOptionContext m -> m.number().WORD() != null
                    ? new TcpOptionSpec.UndefinedValue("mss", m.number().getText(), span)
                    : new TcpOptionSpec.Mss((int) numbers.read(m.number(), "mss value", NumberReader.U16), span);
            case WscaleOptionContext w -> w.number().WORD() != null
                    ? new TcpOptionSpec.UndefinedValue("wscale", w.number().getText(), span)
                    : new TcpOptionSpec.WindowScale((int) numbers.read(w.number(), "window scale shift count", NumberReader.U8), span);
            case SackOkOptionContext s -> new TcpOptionSpec.SackPermitted(span);
            case SackOptionContext s -> new TcpOptionSpec.Sack(s.sackBlock().stream().map(b -> new TcpOptionSpec.SackBlock(
                    numbers.read(b.left, "TCP SACK left sequence number", NumberReader.U32),
                    numbers.read(b.right, "TCP SACK right sequence number", NumberReader.U32), context.spans.of(b))).toList(), span);
            case Md5OptionContext m -> new TcpOptionSpec.Md5(m.hexBlob().getText(), span);
            case TimestampOptionContext t -> new TcpOptionSpec.Timestamp(
                    numbers.read(t.val, "ts val", NumberReader.U32), numbers.read(t.ecr, "ecr val", NumberReader.U32), span);
            case FastOpenOptionContext f -> new TcpOptionSpec.FastOpen(Optional.ofNullable(f.hexBlob()).map(h -> h.getText()), span);
            case FastOpenExpOptionContext f -> new TcpOptionSpec.FastOpenExp(Optional.ofNullable(f.hexBlob()).map(h -> h.getText()), span);
            case AccEcnOptionContext a -> accEcn(a, span);
            case UnknownOptionContext u -> {
                context.error(span, "unknown TCP option '" + u.WORD().getText() + "' (known: " + KNOWN_OPTIONS + ")");
                yield null;
            }
            default -> throw new IllegalStateException("unknown TCP option form");
        };
        return Optional.ofNullable(option);
    }

    /** Packetdrill accepts the counters only as e0b [ceb [e1b]] or e1b [ceb [e0b]]. */
    private TcpOptionSpec accEcn(AccEcnOptionContext ctx, SourceSpan span) {
        List<TcpOptionSpec.AccEcnField> fields = new ArrayList<>();
        for (AccEcnFieldContext field : ctx.accEcnField()) {
            AccEcnCounter counter = field.ACCECN_E0B() != null ? AccEcnCounter.E0B
                    : field.ACCECN_CEB() != null ? AccEcnCounter.CEB : AccEcnCounter.E1B;
            fields.add(new TcpOptionSpec.AccEcnField(counter,
                    numbers.read(field.number(), "TCP AccECN field value", NumberReader.U24), context.spans.of(field)));
        }
        List<AccEcnCounter> order = fields.stream().map(TcpOptionSpec.AccEcnField::counter).toList();
        List<AccEcnCounter> e0bFirst = List.of(AccEcnCounter.E0B, AccEcnCounter.CEB, AccEcnCounter.E1B);
        List<AccEcnCounter> e1bFirst = List.of(AccEcnCounter.E1B, AccEcnCounter.CEB, AccEcnCounter.E0B);
        if (!(order.equals(e0bFirst.subList(0, Math.min(order.size(), 3))) && order.size() <= 3)
                && !(order.equals(e1bFirst.subList(0, Math.min(order.size(), 3))) && order.size() <= 3)) {
            context.error(span, "AccECN option fields must be 'e0b N [ceb N [e1b N]]' or 'e1b N [ceb N [e0b N]]'");
        }
        return new TcpOptionSpec.AccEcn(fields, span);
    }
}
