package dev.jdrill.target.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The net.core, net.ipv4 and net.ipv6 sysctls Linux 6.18 has, with the values a fresh network
 * namespace shows (a resource captured from this project's judge kernel). The engine's shell shows
 * them under /proc/sys so a suite's baseline reads and writes what it would on the kernel; writing
 * one the engine does not model is fine only when the value is this default.
 */
final class LinuxSysctls {
    private static final Map<String, String> DEFAULTS = load();

    private LinuxSysctls() {
    }

    /** Full dotted name ({@code net.ipv4.tcp_fack}) to its default value as /proc/sys prints it. */
    static Map<String, String> defaults() {
        return DEFAULTS;
    }

    static Optional<String> defaultOf(String fullName) {
        return Optional.ofNullable(DEFAULTS.get(fullName));
    }

    /**
     * Whether two values written to a sysctl mean the same: integers as proc_dointvec reads them
     * (base 0: {@code 0x70403}, {@code 010}), lists of them field by field, anything else as text
     * with its blanks collapsed.
     */
    static boolean sameValue(String a, String b) {
        String[] x = a.strip().split("\\s+");
        String[] y = b.strip().split("\\s+");
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            Optional<Long> p = integer(x[i]);
            Optional<Long> q = integer(y[i]);
            if (p.isPresent() && q.isPresent() ? !p.get().equals(q.get()) : !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Long> integer(String text) {
        try {
            boolean negative = text.startsWith("-");
            String d = negative ? text.substring(1) : text;
            long v;
            if (d.startsWith("0x") || d.startsWith("0X")) {
                v = Long.parseLong(d.substring(2), 16);
            } else if (d.length() > 1 && d.startsWith("0")) {
                v = Long.parseLong(d.substring(1), 8);
            } else {
                v = Long.parseLong(d);
            }
            return Optional.of(negative ? -v : v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> load() {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = LinuxSysctls.class.getResourceAsStream("linux-sysctls.tsv")) {
            if (in == null) {
                throw new IllegalStateException("linux-sysctls.tsv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                out.put(line.substring(0, tab), line.substring(tab + 1).strip().replace("\\t", "\t"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
