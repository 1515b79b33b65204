package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.SocketValue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control messages a recvmsg got back, in the script's notation, as packetdrill's cmsg_expect_eq
 * reads them: {@code struct cmsghdr} (cmsg_len at 0, level at 8, type at 12, data at 16, each aligned
 * to 8), with IP_RECVERR / IPV6_RECVERR data as a {@code struct sock_extended_err}, SCM_TIMESTAMPING as
 * its software time (ts[0], CLOCK_REALTIME, turned into script time), and anything else as an int.
 */
final class ReceivedControlMessages {
    /** Room for a timestamp and an extended error with its offender address, and then some. */
    static final int BUFFER_BYTES = 512;
    private static final int SOL_SOCKET = 1;
    private static final int SOL_IP = 0;
    private static final int SOL_IPV6 = 41;
    private static final int IP_RECVERR = 11;
    private static final int IPV6_RECVERR = 25;
    private static final int SCM_TIMESTAMPING = 37;
    private static final int MSGHDR_CONTROL = 32;
    private static final int MSGHDR_CONTROLLEN = 40;
    private static final int MSGHDR_FLAGS = 48;

    private ReceivedControlMessages() {
    }

    /** Gives {@code msghdr} a control buffer (msg_control, msg_controllen). */
    static void attach(Arena arena, MemorySegment msghdr) {
        MemorySegment control = arena.allocate(BUFFER_BYTES, 8);
        msghdr.set(ValueLayout.ADDRESS, MSGHDR_CONTROL, control);
        msghdr.set(ValueLayout.JAVA_LONG, MSGHDR_CONTROLLEN, BUFFER_BYTES);
    }

    /** {msg_flags=..., msg_control=[...]} after a successful recvmsg; {@code targetNowMicros}: the target clock now. */
    static SocketValue read(MemorySegment msghdr, long targetNowMicros) {
        long flags = Integer.toUnsignedLong(msghdr.get(ValueLayout.JAVA_INT, MSGHDR_FLAGS));
        long length = msghdr.get(ValueLayout.JAVA_LONG, MSGHDR_CONTROLLEN);
        MemorySegment control = msghdr.get(ValueLayout.ADDRESS, MSGHDR_CONTROL).reinterpret(BUFFER_BYTES);
        List<SocketValue> messages = new ArrayList<>();
        long offset = 0;
        while (offset + 16 <= Math.min(length, BUFFER_BYTES)) {
            long cmsgLen = control.get(ValueLayout.JAVA_LONG, offset);
            if (cmsgLen < 16 || offset + cmsgLen > BUFFER_BYTES) {
                break;
            }
            int level = control.get(ValueLayout.JAVA_INT, offset + 8);
            int type = control.get(ValueLayout.JAVA_INT, offset + 12);
            MemorySegment data = control.asSlice(offset + 16, cmsgLen - 16);
            messages.add(new SocketValue.Struct(List.of(field("cmsg_level", level), field("cmsg_type", type),
                    new SocketValue.Field("cmsg_data", data(level, type, data, targetNowMicros)))));
            offset += (cmsgLen + 7) & ~7L;
        }
        return new SocketValue.Struct(List.of(field("msg_flags", flags),
                new SocketValue.Field("msg_control", new SocketValue.Array(messages))));
    }

    private static SocketValue data(int level, int type, MemorySegment data, long targetNowMicros) {
        if ((level == SOL_IP && type == IP_RECVERR || level == SOL_IPV6 && type == IPV6_RECVERR) && data.byteSize() >= 16) {
            return new SocketValue.Struct(List.of(
                    field("ee_errno", Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT, 0))),
                    field("ee_origin", Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 4))),
                    field("ee_type", Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 5))),
                    field("ee_code", Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, 6))),
                    field("ee_info", Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT, 8))),
                    field("ee_data", Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT, 12)))));
        }
        if (level == SOL_SOCKET && type == SCM_TIMESTAMPING && data.byteSize() >= 16) {
            long realMicros = data.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + data.get(ValueLayout.JAVA_LONG, 8) / 1000;
            Instant now = Instant.now();
            long nowRealMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            long script = realMicros == 0 ? 0 : realMicros - nowRealMicros + targetNowMicros;
            return new SocketValue.Struct(List.of(field("scm_sec", Math.floorDiv(script, 1_000_000)),
                    field("scm_nsec", Math.floorMod(script, 1_000_000) * 1000)));
        }
        return new SocketValue.Int(data.byteSize() >= 4 ? data.get(ValueLayout.JAVA_INT, 0) : 0);
    }

    private static SocketValue.Field field(String name, long value) {
        return new SocketValue.Field(name, new SocketValue.Int(value));
    }
}
