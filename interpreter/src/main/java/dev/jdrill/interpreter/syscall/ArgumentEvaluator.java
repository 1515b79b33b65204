package dev.jdrill.interpreter.syscall;

import dev.jdrill.grammar.ast.Expr;
import dev.jdrill.interpreter.target.SocketValue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the AST of a syscall argument into a {@link SocketValue}: names become numbers through the
 * {@link SymbolTable}, {@code htons(8080)} becomes 8080, {@code inet_addr("192.0.2.1")} an address,
 * {@code {sa_family=..., sin_port=..., sin_addr=...}} a socket address. What {@code ...} stands for in
 * a particular position is the {@link SyscallPlanner}'s business, not this class's.
 */
public final class ArgumentEvaluator {

    private ArgumentEvaluator() {
    }

    public static SocketValue evaluate(Expr expr) throws EvaluationException {
        return switch (expr) {
            case Expr.IntLiteral i -> new SocketValue.Int(i.value());
            case Expr.Word w -> new SocketValue.Int(SymbolTable.lookup(w.name()).orElseThrow(
                    () -> new EvaluationException(w.span(), "unknown symbol '" + w.name() + "'"
                            + dev.jdrill.interpreter.DidYouMean.hint(w.name(), SymbolTable.names()))));
            case Expr.StringLiteral s -> new SocketValue.Str(s.value());
            case Expr.StringPrefix s -> new SocketValue.Str(s.value());
            case Expr.Ellipsis e -> SocketValue.UNSPECIFIED;
            case Expr.BitwiseOr or -> {
                long left = integer(or.left());
                long right = integer(or.right());
                yield new SocketValue.Int(left | right);
            }
            case Expr.Assignment a -> evaluate(a.value());
            case Expr.CallAssignment c -> evaluate(c.value());
            case Expr.ArrayExpr a -> {
                List<SocketValue> elements = new ArrayList<>(a.elements().size());
                for (Expr e : a.elements()) {
                    elements.add(evaluate(e));
                }
                yield new SocketValue.Array(elements);
            }
            case Expr.StructExpr s -> struct(s);
            case Expr.CallExpr c -> call(c);
            case Expr.GreHeaderExpr g -> throw new EvaluationException(g.span(), "GRE headers are not supported in socket calls");
            case Expr.MplsStackExpr m -> throw new EvaluationException(m.span(), "MPLS stacks are not supported in socket calls");
        };
    }

    public static long integer(Expr expr) throws EvaluationException {
        return evaluate(expr).asLong().orElseThrow(
                () -> new EvaluationException(expr.span(), "expected an integer"));
    }

    private static SocketValue struct(Expr.StructExpr s) throws EvaluationException {
        List<SocketValue.Field> fields = new ArrayList<>(s.fields().size());
        boolean looksLikeSockaddr = false;
        for (Expr f : s.fields()) {
            String name = switch (f) {
                case Expr.Assignment a -> a.name();
                case Expr.CallAssignment c -> c.function();
                default -> "";
            };
            if (name.equals("sa_family") || name.equals("sin6_family") || name.equals("sin_family")) {
                looksLikeSockaddr = true;
            }
            fields.add(new SocketValue.Field(name, evaluate(f)));
        }
        SocketValue.Struct struct = new SocketValue.Struct(fields);
        return looksLikeSockaddr ? sockaddr(struct, s) : struct;
    }

    /** {@code {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("192.0.2.1")}}. */
    private static SocketValue sockaddr(SocketValue.Struct s, Expr.StructExpr at) throws EvaluationException {
        SocketValue address = s.field("sin_addr").or(() -> s.field("sin6_addr")).orElse(SocketValue.UNSPECIFIED);
        long port = s.field("sin_port").or(() -> s.field("sin6_port")).flatMap(SocketValue::asLong).orElse(0L);
        if (address instanceof SocketValue.Address a) {
            return new SocketValue.Address(a.address(), (int) port);
        }
        throw new EvaluationException(at.span(), "a socket address needs sin_addr=inet_addr(\"...\")");
    }

    private static SocketValue call(Expr.CallExpr c) throws EvaluationException {
        switch (c.function()) {
            case "htons", "htonl", "ntohs", "ntohl" -> {
                // Scripts write host-order values; targets marshal byte order themselves.
                return new SocketValue.Int(integer(single(c)));
            }
            case "inet_addr", "inet6_addr" -> {
                if (!(single(c) instanceof Expr.StringLiteral s)) {
                    throw new EvaluationException(c.span(), c.function() + " takes an address in quotes");
                }
                try {
                    return new SocketValue.Address(InetAddress.getByName(literalAddress(s.value(), s)), 0);
                } catch (UnknownHostException e) {
                    throw new EvaluationException(s.span(), "not an IP address: \"" + s.value() + "\"");
                }
            }
            default -> throw new EvaluationException(c.span(), "unknown function '" + c.function() + "'");
        }
    }

    /** Refuses host names: an address literal must never cause a DNS lookup. */
    private static String literalAddress(String text, Expr.StringLiteral at) throws EvaluationException {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new EvaluationException(at.span(), "not an IP address: \"" + text + "\"");
        }
        return text;
    }

    private static Expr single(Expr.CallExpr c) throws EvaluationException {
        if (c.args().size() != 1) {
            throw new EvaluationException(c.span(), c.function() + " takes one argument");
        }
        return c.args().getFirst();
    }
}
