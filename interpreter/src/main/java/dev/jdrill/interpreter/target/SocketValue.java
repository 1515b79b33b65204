package dev.jdrill.interpreter.target;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * An evaluated argument of a socket call, or a value a call wrote back. Symbolic names in the script
 * ({@code SOCK_STREAM}, {@code O_NONBLOCK}, {@code htons(8080)}) are already numbers here; fds are
 * already live fds.
 */
public sealed interface SocketValue {

    /** An integer: a scalar argument, or one resolved from a name or a flag expression. */
    record Int(long value) implements SocketValue {
    }

    /** A string literal, e.g. the bytes of a write. */
    record Str(String value) implements SocketValue {
        /** The bytes a call receives: packetdrill's C escapes resolved ({@link CStringEscapes}). */
        public byte[] bytes() {
            return CStringEscapes.bytes(value);
        }
    }

    /** A socket address: a {@code sockaddr_in}/{@code sockaddr_in6}, whether written out or filled in. */
    record Address(InetAddress address, int port) implements SocketValue {
    }

    /** {@code [1]}, {@code [0]}: packetdrill's notation for a pointer to values. */
    record Array(List<SocketValue> elements) implements SocketValue {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** A struct such as {@code {onoff=1, linger=0}}; positional members have an empty name. */
    record Struct(List<Field> fields) implements SocketValue {
        public Struct {
            fields = List.copyOf(fields);
        }

        public Optional<SocketValue> field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return Optional.of(f.value());
                }
            }
            return Optional.empty();
        }
    }

    record Field(String name, SocketValue value) {
    }

    /** {@code ...}: "whatever fits" — a buffer of the right size, a length, an address to fill in. */
    record Unspecified() implements SocketValue {
    }

    SocketValue UNSPECIFIED = new Unspecified();

    /** The value as an integer when it is one, also through a one-element array ({@code [1]}). */
    default Optional<Long> asLong() {
        return switch (this) {
            case Int i -> Optional.of(i.value());
            case Array a when a.elements().size() == 1 -> a.elements().getFirst().asLong();
            default -> Optional.empty();
        };
    }
}
