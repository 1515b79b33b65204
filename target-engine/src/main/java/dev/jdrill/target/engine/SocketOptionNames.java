package dev.jdrill.target.engine;

import dev.jdrill.interpreter.target.SocketConstants;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The C name of a socket option from its level and number, read back from {@link SocketConstants}
 * so that a SKIP says what a script asked for ("TCP_FASTOPEN_CONNECT (SOL_TCP 30)"), not two numbers.
 */
final class SocketOptionNames {
    private SocketOptionNames() {
    }

    /** {@code NAME (LEVEL number)}, or the bare numbers when the constant is not known. */
    static String describe(int level, int name) {
        String levelName = constant("SOL_", level);
        String prefix = switch (level) {
            case SocketConstants.SOL_SOCKET -> "SO_";
            case SocketConstants.SOL_TCP -> "TCP_";
            case SocketConstants.SOL_IP -> "IP_";
            case SocketConstants.SOL_IPV6 -> "IPV6_";
            default -> null;
        };
        String optionName = prefix == null ? null : constant(prefix, name);
        String where = (levelName == null ? "level " + level : levelName) + " " + name;
        return optionName == null ? "socket option " + where : optionName + " (" + where + ")";
    }

    /** {@code SIOCATMARK (0x8905)}-style: an ioctl request by name when {@link SocketConstants} has it. */
    static String ioctl(long request) {
        String name = request == (int) request ? constant("SIOC", (int) request) : null;
        if (name == null && request == (int) request) {
            name = constant("FIO", (int) request);
        }
        String hex = "0x" + Long.toHexString(request);
        return name == null ? "request " + hex : name + " (" + hex + ")";
    }

    /** The first public int constant named {@code prefix…} with this value (declaration order). */
    private static String constant(String prefix, int value) {
        for (Field f : SocketConstants.class.getDeclaredFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && f.getName().startsWith(prefix)) {
                try {
                    if (f.getInt(null) == value) {
                        return f.getName();
                    }
                } catch (IllegalAccessException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
