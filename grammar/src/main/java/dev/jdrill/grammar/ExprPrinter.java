package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Expr;

import java.util.List;
import java.util.stream.Collectors;

/** System-call expressions in script notation; part of {@link ScriptPrinter}. */
public final class ExprPrinter {
    private ExprPrinter() {
    }

    public static String list(List<Expr> exprs) {
        return exprs.stream().map(ExprPrinter::expr).collect(Collectors.joining(", "));
    }

    public static String expr(Expr expr) {
        return switch (expr) {
            case Expr.IntLiteral i -> i.text();
            case Expr.Word w -> w.name();
            case Expr.StringLiteral s -> "\"" + s.value() + "\"";
            case Expr.StringPrefix s -> "\"" + s.value() + "\"...";
            case Expr.Ellipsis e -> "...";
            case Expr.BitwiseOr or -> expr(or.left()) + "|" + expr(or.right());
            case Expr.Assignment a -> a.name() + "=" + expr(a.value());
            case Expr.CallAssignment c -> c.function() + "(" + list(c.args()) + ")=" + expr(c.value());
            case Expr.ArrayExpr a -> "[" + list(a.elements()) + "]";
            case Expr.StructExpr s -> "{" + list(s.fields()) + "}";
            case Expr.CallExpr c -> c.function() + "(" + list(c.args()) + ")";
            case Expr.GreHeaderExpr g -> "{" + PacketPrinter.greHeader(g.header()) + "}";
            case Expr.MplsStackExpr m -> "{" + m.entries().stream().map(PacketPrinter::mplsEntry)
                    .collect(Collectors.joining(" ")) + "}";
        };
    }
}
