package dev.jdrill.target.remote.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host's own network tunables (the files directly in /proc/sys/net/core, net/ipv4 and net/ipv6), read
 * before a script's first command and written back after it. A script's shell command — a suite's
 * defaults.sh, say — may change any of them, and on a host that outlives the script the next script
 * would otherwise run with them (tcp_rmem changes the window scale every later SYN offers). The agent's
 * own sysctl writes are restored separately; this covers what it did not set itself.
 */
final class NetSysctlSnapshot {
    private static final List<String> DIRECTORIES = List.of("net/core", "net/ipv4", "net/ipv6");

    private final Path root;
    private final Map<Path, String> values;

    private NetSysctlSnapshot(Path root, Map<Path, String> values) {
        this.root = root;
        this.values = values;
    }

    /** Reads every writable tunable under {@code root} (/proc/sys on a host). */
    static NetSysctlSnapshot take(Path root) {
        Map<Path, String> values = new LinkedHashMap<>();
        for (String dir : DIRECTORIES) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).filter(Files::isWritable).sorted().toList()) {
                    try {
                        values.put(root.relativize(file), Files.readString(file).strip());
                    } catch (IOException e) {
                        // write-only or refused on read (some are, e.g. route flush): nothing to restore
                    }
                }
            } catch (IOException e) {
                // a kernel without IPv6 has no net/ipv6: nothing there to restore
            }
        }
        return new NetSysctlSnapshot(root, values);
    }

    /**
     * Writes back every tunable that now reads differently.
     *
     * @return one line for each that could not be restored (empty when all were)
     */
    List<String> restore() {
        List<String> failures = new ArrayList<>();
        values.forEach((relative, old) -> {
            Path file = root.resolve(relative);
            try {
                if (!Files.readString(file).strip().equals(old)) {
                    Files.writeString(file, old);
                }
            } catch (IOException e) {
                failures.add(relative.toString().replace('/', '.') + "=" + old + ": " + e.getMessage());
            }
        });
        return failures;
    }

    int size() {
        return values.size();
    }
}
