package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.linux.SyscallResult;
import dev.jdrill.linux.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;

/**
 * setsockopt/getsockopt values in the shapes scripts write them: an integer ({@code [1]} or {@code 1}),
 * {@code {onoff=1, linger=0}} for SO_LINGER, {@code {tv_sec=..., tv_usec=...}} for timeouts, a string
 * for TCP_CONGESTION/TCP_ULP. Any other option passes its integer through, so every int-valued option of
 * the kernel works without being listed here.
 */
final class SocketOptionCalls {
    private static final int DEFAULT_GET_LENGTH = 256;

    private SocketOptionCalls() {
    }

    static SyscallResult set(SocketCall.SetSockOpt c, Arena arena) {
        int fd = c.fd();
        int level = c.level();
        int name = c.option();
        SocketValue value = c.value();
        Optional<Long> statedLength = c.arg(4).asLong();
        MemorySegment buffer;
        long natural;
        if (value instanceof SocketValue.Struct s && SocketValues.field(s, "onoff").isPresent()) {
            buffer = arena.allocate(8, 4);
            buffer.set(ValueLayout.JAVA_INT, 0, (int) SocketValues.fieldInt(s, "onoff", 0));
            buffer.set(ValueLayout.JAVA_INT, 4, (int) SocketValues.fieldInt(s, "linger", 0));
            natural = 8;
        } else if (value instanceof SocketValue.Struct s && SocketValues.field(s, "tv_sec").isPresent()) {
            buffer = arena.allocate(16, 8);
            buffer.set(ValueLayout.JAVA_LONG, 0, SocketValues.fieldInt(s, "tv_sec", 0));
            buffer.set(ValueLayout.JAVA_LONG, 8, SocketValues.fieldInt(s, "tv_usec", 0));
            natural = 16;
        } else if (value instanceof SocketValue.Str s) {
            byte[] b = s.bytes();
            buffer = arena.allocate(Math.max(b.length + 1, statedLength.orElse(0L)), 8);
            MemorySegment.copy(MemorySegment.ofArray(b), 0, buffer, 0, b.length);
            natural = b.length;
        } else if (value instanceof SocketValue.Unspecified) {
            return Syscalls.setsockopt(fd, level, name, MemorySegment.NULL, (int) (long) statedLength.orElse(0L));
        } else {
            long v = value.asLong().orElse(0L);
            buffer = arena.allocate(Math.max(8, statedLength.orElse(4L)), 8);
            if (statedLength.orElse(4L) >= 8) {
                buffer.set(ValueLayout.JAVA_LONG, 0, v);
            } else {
                buffer.set(ValueLayout.JAVA_INT, 0, (int) v);
            }
            natural = 4;
        }
        return Syscalls.setsockopt(fd, level, name, buffer, (int) (long) statedLength.orElse(natural));
    }

    static SyscallResult get(SocketCall.GetSockOpt c, Arena arena, List<SocketValue> out) {
        int level = c.level();
        int name = c.option();
        int asked = (int) (long) c.arg(4).asLong().orElse((long) DEFAULT_GET_LENGTH);
        MemorySegment buffer = arena.allocate(Math.max(asked, 16), 8);
        MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
        length.set(ValueLayout.JAVA_INT, 0, asked);
        SyscallResult r = Syscalls.getsockopt(c.fd(), level, name, buffer, length);
        if (r.failed()) {
            return r;
        }
        int got = length.get(ValueLayout.JAVA_INT, 0);
        SocketValue value;
        if (level == SocketConstants.SOL_SOCKET && name == SocketConstants.SO_LINGER) {
            value = new SocketValue.Struct(List.of(
                    new SocketValue.Field("onoff", new SocketValue.Int(buffer.get(ValueLayout.JAVA_INT, 0))),
                    new SocketValue.Field("linger", new SocketValue.Int(buffer.get(ValueLayout.JAVA_INT, 4)))));
        } else if (level == SocketConstants.SOL_TCP
                && (name == SocketConstants.TCP_CONGESTION || name == SocketConstants.TCP_ULP)) {
            value = new SocketValue.Str(buffer.getString(0));
        } else if (got >= 8 && value8(level, name)) {
            value = new SocketValue.Int(buffer.get(ValueLayout.JAVA_LONG, 0));
        } else {
            value = new SocketValue.Int(buffer.get(ValueLayout.JAVA_INT, 0));
        }
        LinuxSocketCalls.setOutput(out, 3, value);
        LinuxSocketCalls.setOutput(out, 4, new SocketValue.Int(got));
        return r;
    }

    /** Options whose value is 64 bits wide. */
    private static boolean value8(int level, int name) {
        return level == SocketConstants.SOL_SOCKET && name == SocketConstants.SO_MAX_PACING_RATE;
    }
}
