package dev.jdrill.grammar.ast;

import java.util.List;

/**
 * A system-call argument or result. The grammar is general (any struct of any fields, any call); which
 * shapes a given system call accepts is the interpreter's business.
 */
public sealed interface Expr extends Node {

    /** {@code 42}, {@code -1}, {@code 0x1f}; {@code text} as written (so hex stays hex when printed). */
    record IntLiteral(long value, String text, SourceSpan span) implements Expr {
    }

    /** A symbolic constant: {@code SOCK_STREAM}, {@code O_NONBLOCK}, {@code AF_INET}. */
    record Word(String name, SourceSpan span) implements Expr {
    }

    /** {@code "abc"} with escapes decoded; adjacent literals ("a" "b") are joined into one. */
    record StringLiteral(String value, SourceSpan span) implements Expr {
    }

    /** {@code "abc"...}: packetdrill's "a string starting with". */
    record StringPrefix(String value, SourceSpan span) implements Expr {
    }

    /** {@code ...}: "don't care" / "fill it in". */
    record Ellipsis(SourceSpan span) implements Expr {
    }

    /** {@code A|B}. Left-associative. */
    record BitwiseOr(Expr left, Expr right, SourceSpan span) implements Expr {
    }

    /** {@code name=value} inside a struct: {@code sa_family=AF_INET}, {@code onoff=1}. */
    record Assignment(String name, Expr value, SourceSpan span) implements Expr {
    }

    /** {@code msg_name(...)=...}, {@code msg_iov(1)=[...]}: a field with a size/qualifier argument. */
    record CallAssignment(String function, List<Expr> args, Expr value, SourceSpan span) implements Expr {
        public CallAssignment {
            args = List.copyOf(args);
        }
    }

    /** {@code [1]}, {@code [{...}, {...}]}, {@code []}. */
    record ArrayExpr(List<Expr> elements, SourceSpan span) implements Expr {
        public ArrayExpr {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {fd=4, events=POLLIN}} or positional {@code {..., 100}}; fields may nest. */
    record StructExpr(List<Expr> fields, SourceSpan span) implements Expr {
        public StructExpr {
            fields = List.copyOf(fields);
        }
    }

    /** {@code htons(8080)}, {@code inet_addr("192.0.2.1")}, {@code inet6_addr("::1")}. */
    record CallExpr(String function, List<Expr> args, SourceSpan span) implements Expr {
        public CallExpr {
            args = List.copyOf(args);
        }
    }

    /** {@code {flags [key present] sum 0 off 0 key=1 seq 0}} as a setsockopt value. */
    record GreHeaderExpr(GreHeader header, SourceSpan span) implements Expr {
    }

    /** {@code {(label 1, tc 0, [S], ttl 64)}} as a setsockopt value. */
    record MplsStackExpr(List<MplsEntry> entries, SourceSpan span) implements Expr {
        public MplsStackExpr {
            entries = List.copyOf(entries);
        }
    }
}
