package dev.jdrill.interpreter.syscall;

import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.wire.Errno;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the symbolic names scripts use ({@code SOCK_STREAM}, {@code O_NONBLOCK}, {@code EPOLLIN},
 * {@code ECONNRESET}, {@code TCP_ESTABLISHED}) to their Linux values. Built once from
 * {@link SocketConstants}, the errno table and the TCP state numbers, so the names a script may use
 * and the values the targets interpret can never drift apart.
 */
public final class SymbolTable {
    private static final Map<String, Long> VALUES = build();

    private SymbolTable() {
    }

    /** Every symbol name, for suggesting the one a misspelt name meant. */
    public static java.util.Set<String> names() {
        return VALUES.keySet();
    }

    public static Optional<Long> lookup(String name) {
        return Optional.ofNullable(VALUES.get(name));
    }

    private static Map<String, Long> build() {
        Map<String, Long> values = new HashMap<>();
        for (Field f : SocketConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    values.put(f.getName(), (long) f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError("public constant not readable: " + f, e);
                }
            }
        }
        for (Errno e : Errno.values()) {
            values.put(e.name(), (long) e.number());
        }
        for (dev.jdrill.wire.TcpState s : dev.jdrill.wire.TcpState.values()) {
            values.put("TCP_" + (s == dev.jdrill.wire.TcpState.CLOSED ? "CLOSE" : s.name()), (long) s.linuxNumber());
        }
        values.put("TCP_NEW_SYN_RECV", (long) dev.jdrill.wire.TcpState.LINUX_NEW_SYN_RECV);
        // Congestion-avoidance states of tcpi_ca_state, used by %{ assert }% blocks.
        values.put("TCP_CA_Open", 0L);
        values.put("TCP_CA_Disorder", 1L);
        values.put("TCP_CA_CWR", 2L);
        values.put("TCP_CA_Recovery", 3L);
        values.put("TCP_CA_Loss", 4L);
        values.put("NULL", 0L);
        values.put("TCPI_OPT_TIMESTAMPS", 1L);
        values.put("TCPI_OPT_SACK", 2L);
        values.put("TCPI_OPT_WSCALE", 4L);
        values.put("TCPI_OPT_ECN", 8L);
        values.put("TCPI_OPT_ECN_SEEN", 16L);
        values.put("TCPI_OPT_SYN_DATA", 32L);
        PacketdrillSymbols.VALUES.forEach(values::putIfAbsent);
        return Map.copyOf(values);
    }
}
