package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.SocketValue;
import java.util.Optional;

/** Reading the pieces of evaluated script arguments that the kernel calls need. */
final class SocketValues {
    private SocketValues() {
    }

    static long integer(SocketValue v, long fallback) {
        return v.asLong().orElse(fallback);
    }

    /** A struct member by name; packetdrill's names may carry an array size, as in {@code msg_iov(1)}. */
    static Optional<SocketValue> field(SocketValue v, String name) {
        if (v instanceof SocketValue.Struct s) {
            for (SocketValue.Field f : s.fields()) {
                if (f.name().equals(name) || f.name().startsWith(name + "(")) {
                    return Optional.of(f.value());
                }
            }
        }
        return Optional.empty();
    }

    static long fieldInt(SocketValue v, String name, long fallback) {
        return field(v, name).flatMap(SocketValue::asLong).orElse(fallback);
    }

    /** Array elements; a lone struct counts as a one-element array. */
    static java.util.List<SocketValue> elements(SocketValue v) {
        return switch (v) {
            case SocketValue.Array a -> a.elements();
            case SocketValue.Struct s -> java.util.List.of(s);
            default -> java.util.List.of();
        };
    }
}
