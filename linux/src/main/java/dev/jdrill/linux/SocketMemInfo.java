package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * getsockopt(SO_MEMINFO): a socket's memory accounting, the nine u32 counters of the kernel's
 * {@code SK_MEMINFO_*} enum (include/uapi/linux/sock_diag.h), under the names packetdrill's code.c gives
 * them in every {@code %{ }%} block (it appends SO_MEMINFO to TCP_INFO and TCP_CC_INFO there), e.g. the
 * kernel selftests' {@code assert SK_MEMINFO_RCVBUF == 131072}.
 */
public final class SocketMemInfo {
    private static final int SOL_SOCKET = 1;
    private static final int SO_MEMINFO = 55;
    /** In the kernel's order: index i is u32 number i of the answer. */
    static final List<String> NAMES = List.of("SK_MEMINFO_RMEM_ALLOC", "SK_MEMINFO_RCVBUF", "SK_MEMINFO_WMEM_ALLOC",
            "SK_MEMINFO_SNDBUF", "SK_MEMINFO_FWD_ALLOC", "SK_MEMINFO_WMEM_QUEUED", "SK_MEMINFO_OPTMEM",
            "SK_MEMINFO_BACKLOG", "SK_MEMINFO_DROPS");

    private SocketMemInfo() {
    }

    /** The counters of socket {@code fd}, by name. */
    public static Map<String, Long> read(int fd) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            int size = NAMES.size() * Integer.BYTES;
            MemorySegment buffer = arena.allocate(size, 8);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, size);
            Syscalls.getsockopt(fd, SOL_SOCKET, SO_MEMINFO, buffer, length)
                    .orThrow("getsockopt(" + fd + ", SOL_SOCKET, SO_MEMINFO)");
            int got = length.get(ValueLayout.JAVA_INT, 0);
            Map<String, Long> values = new LinkedHashMap<>();
            for (int i = 0; i < NAMES.size() && (i + 1) * Integer.BYTES <= got; i++) {
                values.put(NAMES.get(i), Integer.toUnsignedLong(buffer.getAtIndex(ValueLayout.JAVA_INT, i)));
            }
            return Collections.unmodifiableMap(values);
        }
    }
}
