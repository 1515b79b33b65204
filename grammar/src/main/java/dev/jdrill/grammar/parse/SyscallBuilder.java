package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.ast.Expr;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.JdrillParser.*;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/** Parse tree → AST for system calls and their argument expressions. */
final class SyscallBuilder {
    private final BuildContext context;
    private final PacketBuilder packetParts;

    SyscallBuilder(BuildContext context) {
        this.context = context;
        this.packetParts = new PacketBuilder(context);
    }

    Syscall syscall(SyscallSpecContext ctx, ToLongFunction<TimeContext> micros) {
        Optional<Syscall.BlockingEnd> end = ctx.end == null ? Optional.empty()
                : Optional.of(new Syscall.BlockingEnd(micros.applyAsLong(ctx.end), context.spans.of(ctx.end)));
        List<Expr> args = expressions(ctx.expressionList());
        return new Syscall(ctx.name.getText(), args, expression(ctx.result),
                Optional.ofNullable(ctx.errnoName).map(IdentifierContext::getText),
                Optional.ofNullable(ctx.note()).map(SyscallBuilder::noteText), end, context.spans.of(ctx));
    }

    /** The note as written between its parentheses, runs of white space collapsed to one space. */
    private static String noteText(NoteContext ctx) {
        int from = ctx.getStart().getStopIndex() + 1;
        int to = ctx.getStop().getStartIndex() - 1;
        if (to < from) {
            return "";
        }
        String raw = ctx.getStart().getInputStream().getText(Interval.of(from, to));
        return raw.strip().replaceAll("\\s+", " ");
    }

    private List<Expr> expressions(ExpressionListContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Expr> list = new ArrayList<>(ctx.expression().size());
        for (ExpressionContext e : ctx.expression()) {
            list.add(expression(e));
        }
        return list;
    }

    /** {@code a|b|c} is ((a|b)|c), as packetdrill's left-recursive rule. */
    Expr expression(ExpressionContext ctx) {
        List<PrimaryContext> primaries = ctx.primary();
        Expr result = primary(primaries.getFirst());
        for (int i = 1; i < primaries.size(); i++) {
            Expr right = primary(primaries.get(i));
            result = new Expr.BitwiseOr(result, right, result.span().to(right.span()));
        }
        return result;
    }

    private Expr primary(PrimaryContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx) {
            case EllipsisExprContext e -> new Expr.Ellipsis(span);
            case IntegerExprContext i -> integer(i.INTEGER(), span);
            case HexExprContext h -> integer(h.HEX_INTEGER(), span);
            case StringPrefixExprContext s -> new Expr.StringPrefix(strings(s.STRING()), span);
            case StringExprContext s -> new Expr.StringLiteral(strings(s.STRING()), span);
            case ArrayExprContext a -> new Expr.ArrayExpr(expressions(a.expressionList()), span);
            case GreHeaderExprContext g -> new Expr.GreHeaderExpr(packetParts.greHeader(g.greHeader()), span);
            case MplsStackExprContext m -> new Expr.MplsStackExpr(m.mplsEntry().stream().map(packetParts::mplsEntry).toList(), span);
            case StructExprContext s -> new Expr.StructExpr(expressions(s.expressionList()), span);
            case CallAssignmentExprContext c -> new Expr.CallAssignment(c.identifier().getText(),
                    expressions(c.expressionList()), expression(c.expression()), span);
            case CallExprContext c -> new Expr.CallExpr(c.identifier().getText(), expressions(c.expressionList()), span);
            case AssignmentExprContext a -> new Expr.Assignment(a.identifier().getText(), expression(a.expression()), span);
            case WordExprContext w -> new Expr.Word(w.getText(), span);
            default -> throw new IllegalStateException("unknown expression form");
        };
    }

    private Expr integer(TerminalNode node, SourceSpan span) {
        String text = node.getText();
        var value = Numbers.parseInteger(text);
        if (value.isEmpty()) {
            context.error(span, "number out of range: " + text);
            return new Expr.IntLiteral(0, text, span);
        }
        return new Expr.IntLiteral(value.getAsLong(), text, span);
    }

    /**
     * Adjacent literals join into one (packetdrill concatenates them). The text is kept as written between the
     * quotes: packetdrill does not interpret backslash escapes either.
     */
    private static String strings(List<TerminalNode> literals) {
        StringBuilder value = new StringBuilder();
        for (TerminalNode literal : literals) {
            String text = literal.getText();
            value.append(text, 1, text.length() - 1);
        }
        return value.toString();
    }
}
