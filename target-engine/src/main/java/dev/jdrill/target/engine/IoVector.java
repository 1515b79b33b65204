package dev.jdrill.target.engine;

import dev.jdrill.interpreter.target.SocketValue;
import java.util.List;

/**
 * The {@code msg_iov} of a {@code struct msghdr} as a script writes it:
 * {@code {msg_name(...)=..., msg_iov(4)=[{..., 0}, {..., 40}], msg_flags=0}}. The engine's payloads
 * are opaque, so only the total length matters, and whether some non-empty element's base is NULL
 * (the copy then faults: EFAULT, as import_iovec / copy_from_iter leave it to the protocol), and the
 * element lengths, since a MSG_ZEROCOPY send pins each element as a page frag of its own.
 * Zero-length elements are skipped, as iov_iter does.
 */
record IoVector(int length, boolean faults, List<Long> elements) {

    static IoVector of(SocketValue msghdr) {
        if (!(msghdr instanceof SocketValue.Struct s)) {
            return new IoVector(0, false, List.of());
        }
        SocketValue iov = s.field("msg_iov").orElse(SocketValue.UNSPECIFIED);
        List<SocketValue> elements = switch (iov) {
            case SocketValue.Array a -> a.elements();
            case SocketValue.Struct one -> List.of(one);
            default -> List.of();
        };
        long total = 0;
        boolean faults = false;
        List<Long> lengths = new java.util.ArrayList<>();
        for (SocketValue e : elements) {
            if (!(e instanceof SocketValue.Struct iovec) || iovec.fields().isEmpty()) {
                continue;
            }
            var fields = iovec.fields();
            SocketValue base = iovec.field("iov_base").orElse(fields.getFirst().value());
            long len = iovec.field("iov_len").orElse(fields.getLast().value()).asLong().orElse(0L);
            total += Math.max(len, 0);
            if (len > 0) {
                lengths.add(len);
            }
            faults |= len > 0 && EngineSocketCalls.isNull(base);
        }
        return new IoVector((int) Math.min(total, Integer.MAX_VALUE), faults, lengths);
    }
}
