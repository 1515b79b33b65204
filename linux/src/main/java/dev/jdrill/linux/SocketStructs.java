package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The C structs socket calls take, laid out as x86-64 / aarch64 Linux lays them out: {@code struct linger},
 * {@code struct timeval}, an int, {@code struct iovec} and {@code struct msghdr}.
 */
public final class SocketStructs {
    public static final int SIZEOF_LINGER = 8;
    public static final int SIZEOF_TIMEVAL = 16;
    /** {@code struct iovec {void *iov_base; size_t iov_len;}}. */
    public static final int SIZEOF_IOVEC = 16;
    /**
     * {@code struct msghdr}: msg_name at 0, msg_namelen at 8, msg_iov at 16, msg_iovlen at 24, msg_control
     * at 32, msg_controllen at 40, msg_flags at 48.
     */
    public static final int SIZEOF_MSGHDR = 56;

    private SocketStructs() {
    }

    public static MemorySegment linger(Arena arena, boolean on, int seconds) {
        MemorySegment s = arena.allocate(SIZEOF_LINGER, 4);
        s.set(ValueLayout.JAVA_INT, 0, on ? 1 : 0);
        s.set(ValueLayout.JAVA_INT, 4, seconds);
        return s;
    }

    /** {@code {l_onoff, l_linger}} of a struct linger. */
    public static int[] readLinger(MemorySegment s) {
        return new int[] {s.get(ValueLayout.JAVA_INT, 0), s.get(ValueLayout.JAVA_INT, 4)};
    }

    public static MemorySegment timeval(Arena arena, long seconds, long micros) {
        MemorySegment s = arena.allocate(SIZEOF_TIMEVAL, 8);
        s.set(ValueLayout.JAVA_LONG, 0, seconds);
        s.set(ValueLayout.JAVA_LONG, 8, micros);
        return s;
    }

    public static MemorySegment intValue(Arena arena, int value) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_INT);
        s.set(ValueLayout.JAVA_INT, 0, value);
        return s;
    }

    /** An array of {@code count} iovecs, each pointing at a zeroed buffer of its length. */
    public static MemorySegment iovecs(Arena arena, long[] lengths) {
        MemorySegment vec = arena.allocate((long) SIZEOF_IOVEC * Math.max(1, lengths.length), 8)
                .asSlice(0, (long) SIZEOF_IOVEC * lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            vec.set(ValueLayout.ADDRESS, (long) SIZEOF_IOVEC * i, arena.allocate(Math.max(1, lengths[i]), 8));
            vec.set(ValueLayout.JAVA_LONG, (long) SIZEOF_IOVEC * i + 8, lengths[i]);
        }
        return vec;
    }

    /** The total length of an iovec array {@link #iovecs} made. */
    public static long iovecTotal(MemorySegment iovecs) {
        long total = 0;
        for (long i = 0; i < iovecs.byteSize() / SIZEOF_IOVEC; i++) {
            total += iovecs.get(ValueLayout.JAVA_LONG, SIZEOF_IOVEC * i + 8);
        }
        return total;
    }

    /** A msghdr over these iovecs, with {@code name} (a sockaddr, or NULL) as msg_name; no control data. */
    public static MemorySegment msghdr(Arena arena, MemorySegment name, MemorySegment iovecs) {
        MemorySegment msg = arena.allocate(SIZEOF_MSGHDR, 8);
        msg.set(ValueLayout.ADDRESS, 0, name);
        msg.set(ValueLayout.JAVA_INT, 8, (int) name.byteSize());
        msg.set(ValueLayout.ADDRESS, 16, iovecs);
        msg.set(ValueLayout.JAVA_LONG, 24, iovecs.byteSize() / SIZEOF_IOVEC);
        return msg;
    }
}
