package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct tcp_info} (include/uapi/linux/tcp.h) as of Linux 6.18, by field name. The kernel copies
 * min(its size, our buffer) and reports the length, so fields an older kernel does not have are simply
 * absent from the map rather than read as zero.
 */
public final class TcpInfo {
    private static final List<Field> FIELDS = new ArrayList<>();
    /** Bytes up to and including the last field below. */
    public static final int MAX_SIZE;

    /** One member: byte offset and size; {@code bitWidth} > 0 for a bitfield within that unit. */
    public record Field(String name, int offset, int size, int bitShift, int bitWidth) {
    }

    static {
        int o = 0;
        o = u8s(o, "tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff", "tcpi_options");
        // x86-64 GCC allocates bitfields from the least significant bit up, in declaration order.
        bits(o, 1, "tcpi_snd_wscale", 0, 4);
        bits(o, 1, "tcpi_rcv_wscale", 4, 4);
        o++;
        bits(o, 1, "tcpi_delivery_rate_app_limited", 0, 1);
        bits(o, 1, "tcpi_fastopen_client_fail", 1, 2);
        o++;
        o = u32s(o, "tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss", "tcpi_unacked", "tcpi_sacked", "tcpi_lost",
                "tcpi_retrans", "tcpi_fackets", "tcpi_last_data_sent", "tcpi_last_ack_sent", "tcpi_last_data_recv",
                "tcpi_last_ack_recv", "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar", "tcpi_snd_ssthresh",
                "tcpi_snd_cwnd", "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space",
                "tcpi_total_retrans");
        o = u64s(o, "tcpi_pacing_rate", "tcpi_max_pacing_rate", "tcpi_bytes_acked", "tcpi_bytes_received");
        o = u32s(o, "tcpi_segs_out", "tcpi_segs_in", "tcpi_notsent_bytes", "tcpi_min_rtt", "tcpi_data_segs_in",
                "tcpi_data_segs_out");
        o = u64s(o, "tcpi_delivery_rate", "tcpi_busy_time", "tcpi_rwnd_limited", "tcpi_sndbuf_limited");
        o = u32s(o, "tcpi_delivered", "tcpi_delivered_ce");
        o = u64s(o, "tcpi_bytes_sent", "tcpi_bytes_retrans");
        o = u32s(o, "tcpi_dsack_dups", "tcpi_reord_seen", "tcpi_rcv_ooopack", "tcpi_snd_wnd", "tcpi_rcv_wnd",
                "tcpi_rehash");
        FIELDS.add(new Field("tcpi_total_rto", o, 2, 0, 0));
        FIELDS.add(new Field("tcpi_total_rto_recoveries", o + 2, 2, 0, 0));
        o += 4;
        o = u32s(o, "tcpi_total_rto_time", "tcpi_received_ce", "tcpi_delivered_e1_bytes", "tcpi_delivered_e0_bytes",
                "tcpi_delivered_ce_bytes", "tcpi_received_e1_bytes", "tcpi_received_e0_bytes",
                "tcpi_received_ce_bytes");
        bits(o, 4, "tcpi_ecn_mode", 0, 2);
        bits(o, 4, "tcpi_accecn_opt_seen", 2, 2);
        bits(o, 4, "tcpi_accecn_fail_mode", 4, 4);
        bits(o, 4, "tcpi_options2", 8, 24);
        o += 4;
        MAX_SIZE = o;
    }

    private TcpInfo() {
    }

    public static List<Field> fields() {
        return Collections.unmodifiableList(FIELDS);
    }

    /** TCP_INFO of a socket, by field name, or the errno getsockopt failed with. */
    public static Map<String, Long> read(int fd) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_SIZE, 8);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, MAX_SIZE);
            Syscalls.getsockopt(fd, KernelConstants.SOL_TCP, KernelConstants.TCP_INFO, buffer, length)
                    .orThrow("getsockopt(" + fd + ", SOL_TCP, TCP_INFO)");
            return decode(buffer, length.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** The fields wholly inside the first {@code length} bytes of {@code s}. */
    public static Map<String, Long> decode(MemorySegment s, int length) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            if (f.offset() + f.size() > length) {
                continue;
            }
            long raw = switch (f.size()) {
                case 1 -> Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, f.offset()));
                case 2 -> Short.toUnsignedLong(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, f.offset()));
                case 4 -> Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT_UNALIGNED, f.offset()));
                default -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, f.offset());
            };
            if (f.bitWidth() > 0) {
                raw = (raw >>> f.bitShift()) & ((1L << f.bitWidth()) - 1);
            }
            values.put(f.name(), raw);
        }
        return Collections.unmodifiableMap(values);
    }

    private static int u8s(int offset, String... names) {
        for (String n : names) {
            FIELDS.add(new Field(n, offset++, 1, 0, 0));
        }
        return offset;
    }

    private static int u32s(int offset, String... names) {
        for (String n : names) {
            FIELDS.add(new Field(n, offset, 4, 0, 0));
            offset += 4;
        }
        return offset;
    }

    private static int u64s(int offset, String... names) {
        for (String n : names) {
            FIELDS.add(new Field(n, offset, 8, 0, 0));
            offset += 8;
        }
        return offset;
    }

    private static void bits(int offset, int size, String name, int shift, int width) {
        FIELDS.add(new Field(name, offset, size, shift, width));
    }
}
