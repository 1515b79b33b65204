package dev.jdrill.target.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine's sysctls as files, {@code ROOT/proc/sys/net/ipv4/tcp_sack} and so on: written before a
 * backtick command, read back after it. The {@code sysctl} shim and a script's own
 * {@code echo 1 > /proc/sys/...} or {@code cat /proc/sys/...} (the path rewritten to this tree) then
 * see one consistent state without talking to the JVM while the command runs; that is enough because
 * the engine's clock stands still for the whole command.
 */
final class ProcSysTree {
    /** One file whose content the command changed (or created: no such sysctl). */
    record Change(String name, String value) {
    }

    private final Path procSys;
    private final Map<String, String> written = new LinkedHashMap<>();

    ProcSysTree(Path root) {
        this.procSys = root.resolve("proc").resolve("sys");
    }

    /** The directory scripts' {@code /proc/sys/} paths are rewritten to. */
    Path procSys() {
        return procSys;
    }

    /**
     * Makes the tree show {@code values}. Only files whose content differs from what is on disk are
     * written (the first call writes them all; later ones only what a command or the engine changed).
     */
    void write(Map<String, String> values) throws IOException {
        for (var e : values.entrySet()) {
            String content = e.getValue() + "\n";
            if (content.equals(written.get(e.getKey()))) {
                continue;
            }
            Path file = fileOf(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            written.put(e.getKey(), content);
        }
    }

    /** Files whose content differs from what {@link #write} put there, in name order. */
    List<Change> changes() throws IOException {
        List<Change> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(procSys)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = procSys.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
            String content = Files.readString(f, StandardCharsets.UTF_8);
            String before = written.get(name);
            if (!content.equals(before)) {
                out.add(new Change(name, content.strip()));
                if (before == null) {
                    Files.delete(f); // no such sysctl: the tree keeps showing what exists
                } else {
                    written.put(name, content); // on disk now; the next write puts the engine's value back
                }
            }
        }
        return out;
    }

    private Path fileOf(String dottedName) {
        Path p = procSys;
        for (String part : dottedName.split("\\.")) {
            p = p.resolve(part);
        }
        return p;
    }
}
