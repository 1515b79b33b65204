package dev.jdrill.target.engine;

import dev.jdrill.engine.Tunables;
import dev.jdrill.engine.UnmodelledTunableException;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every sysctl the engine shows, by full dotted name: its own tunables, and Linux's other net.*
 * sysctls at their default values. Setting one of the engine's tunables changes what it does (or is
 * a SKIP when the value is one it does not model); setting one of Linux's others is fine only to its
 * default, since the engine behaves as that default; a name Linux does not have is an error, as on
 * the kernel.
 */
final class EngineSysctls {
    private final Tunables tunables;
    /** Linux-only sysctls a script wrote (always their default, or it was a SKIP). */
    private final Map<String, String> linuxOnly = new TreeMap<>();

    EngineSysctls(Tunables tunables) {
        this.tunables = tunables;
    }

    /** What /proc/sys shows now: Linux's defaults, overridden by the engine's own tunables. */
    Map<String, String> values() {
        Map<String, String> out = new TreeMap<>(LinuxSysctls.defaults());
        out.putAll(linuxOnly);
        out.putAll(tunables.values());
        return out;
    }

    /**
     * Sets one sysctl.
     *
     * @throws UnsupportedByTargetException for a value or a sysctl whose effect the engine does not model
     * @throws TargetException for a value or a name Linux refuses too
     */
    void set(String name, String value) throws TargetException {
        String full = fullName(name);
        if (Tunables.isKnown(full)) {
            try {
                tunables.set(full, value);
                return;
            } catch (UnmodelledTunableException e) {
                throw new UnsupportedByTargetException("the engine does not model " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new TargetException("sysctl " + full + "=" + value.strip() + " is refused: " + e.getMessage());
            }
        }
        var linuxDefault = LinuxSysctls.defaultOf(full);
        if (linuxDefault.isEmpty()) {
            throw new TargetException("no sysctl " + full + " on Linux 6.18 (/proc/sys/" + full.replace('.', '/')
                    + " does not exist)");
        }
        if (!LinuxSysctls.sameValue(value, linuxDefault.get())) {
            throw new UnsupportedByTargetException("the engine does not model " + full + " (set to " + value.strip()
                    + "; it behaves as Linux's default " + linuxDefault.get().replace('\t', ' ') + ")");
        }
        linuxOnly.put(full, value.strip());
    }

    /** {@code net.ipv4.tcp_sack}, {@code net/ipv4/tcp_sack} or a bare engine name, as a full dotted name. */
    static String fullName(String name) {
        String n = name.strip().replace('/', '.');
        if (n.startsWith("proc.sys.")) {
            n = n.substring("proc.sys.".length());
        }
        while (n.startsWith(".")) {
            n = n.substring(1);
        }
        return n.startsWith("net.") ? n : Tunables.fullName(n);
    }
}
