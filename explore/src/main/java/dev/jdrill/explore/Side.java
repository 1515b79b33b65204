package dev.jdrill.explore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One side of a comparison: a target by the name {@code Targets} knows it by, and the tunables set on it
 * before each script (short names such as {@code tcp_orphan_retries} become {@code net.ipv4.*}). Two sides
 * may name the same target with different settings: that shows what a tunable changes and nothing else.
 */
public record Side(String target, Map<String, String> sysctls) {

    public Side {
        sysctls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
    }

    public static Side of(String target) {
        return new Side(target, Map.of());
    }

    /** {@code linux} or {@code linux[tcp_orphan_retries=0]}: how reports name this side. */
    public String label() {
        if (sysctls.isEmpty()) {
            return target;
        }
        return target + sysctls.entrySet().stream().map(e -> shortName(e.getKey()) + "=" + e.getValue())
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** A setting as a script's backtick command would write it. */
    public static String fullName(String name) {
        if (name.startsWith("net.")) {
            return name;
        }
        return (java.util.Set.of("somaxconn", "rmem_max", "wmem_max").contains(name) ? "net.core." : "net.ipv4.") + name;
    }

    private static String shortName(String name) {
        return name.replaceFirst("^net\\.(ipv4|core)\\.", "");
    }

    /** The same side with more settings (the command line's {@code --sysctl}, which both sides get). */
    public Side with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(sysctls);
        return new Side(target, all);
    }
}
