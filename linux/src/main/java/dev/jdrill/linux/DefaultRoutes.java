package dev.jdrill.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which interfaces carry this machine's default route (IPv4 or IPv6), read from the calling thread's
 * namespace ({@code /proc/thread-self/net/...}). Injecting test segments on such an interface would
 * put them on the network this machine depends on, so the remote target refuses it unless told.
 */
public final class DefaultRoutes {
    private DefaultRoutes() {
    }

    /** Whether {@code interfaceName} carries a default route in the calling thread's namespace. */
    public static boolean carries(String interfaceName) {
        return ipv4(read("route")).contains(interfaceName) || ipv6(read("ipv6_route")).contains(interfaceName);
    }

    /** Interfaces with a 0.0.0.0/0 route in {@code /proc/net/route}. */
    static List<String> ipv4(List<String> lines) {
        return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000"))
                .map(f -> f[0]).toList();
    }

    /** Interfaces with a ::/0 route in {@code /proc/net/ipv6_route}, other than the loopback's unreachable one. */
    static List<String> ipv6(List<String> lines) {
        return lines.stream().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 10 && f[0].equals("0".repeat(32)) && f[1].equals("00") && !f[9].equals("lo"))
                .map(f -> f[9]).toList();
    }

    private static List<String> read(String file) {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/net/" + file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
