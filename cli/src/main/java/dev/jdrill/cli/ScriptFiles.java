package dev.jdrill.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The PATH arguments: .pkt files, or directories searched recursively for them, in a stable order. */
final class ScriptFiles {

    /** A PATH that does not exist, or a directory that cannot be listed. */
    static final class BadPath extends Exception {
        BadPath(String message) {
            super(message);
        }
    }

    private ScriptFiles() {
    }

    static List<Path> expand(List<Path> paths) throws BadPath {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.getFileName().toString().endsWith(".pkt") && Files.isRegularFile(f))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    throw new BadPath("cannot list " + p + ": " + e.getMessage());
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new BadPath("no such file or directory: " + p);
            }
        }
        return files;
    }

    /**
     * The scripts, or a usage error when the paths hold none: a run of nothing must not look like a
     * green one in CI.
     */
    static List<Path> expandNonEmpty(List<Path> paths) throws BadPath {
        List<Path> files = expand(paths);
        if (files.isEmpty()) {
            throw new BadPath("no scripts found: " + paths.stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(" ")) + " holds no *.pkt file");
        }
        return files;
    }

    /**
     * Shard {@code index} (1-based) of {@code count}: every count-th script of the sorted list, so shards
     * are disjoint, cover the suite, and stay stable when unrelated scripts are added elsewhere.
     */
    static List<Path> shard(List<Path> files, int index, int count) {
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(null);
        List<Path> mine = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (i % count == index - 1) {
                mine.add(sorted.get(i));
            }
        }
        return mine;
    }
}
