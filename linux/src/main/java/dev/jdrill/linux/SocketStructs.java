package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The small fixed structs socket options take: {@code struct linger}, {@code struct timeval}, an int. */
public final class SocketStructs {
    public static final int SIZEOF_LINGER = 8;
    public static final int SIZEOF_TIMEVAL = 16;

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
}
