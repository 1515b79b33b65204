package dev.jdrill.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a script found on the classpath was copied from. Maven copies {@code src/test/resources} into
 * {@code target/test-classes}; a failure located in the copy sends the user to a file they must not edit,
 * and a script deleted from the sources lingers in the copy until {@code mvn clean}. So a script under a
 * Maven output directory is run from, and located at, its source file, and a copy whose source is gone is
 * not run at all.
 */
final class ResourceOrigin {

    /** What to do with one script found under a classpath root. */
    sealed interface Origin {
    }

    /** Run it from this file (the source when there is one, else the file itself). */
    record Use(Path file) implements Origin {
    }

    /** A copy whose source was deleted: not a test any more. */
    record Stale(Path copy, Path missingSource) implements Origin {
    }

    private ResourceOrigin() {
    }

    /**
     * @param classpathRoot the directory the resource was found under, e.g. {@code .../target/test-classes}
     * @param relative the script's path below it, e.g. {@code tcp/x.pkt}
     */
    static Origin of(Path classpathRoot, Path relative) {
        Path copy = classpathRoot.resolve(relative);
        Optional<Path> sources = mavenSourcesFor(classpathRoot.toAbsolutePath().normalize());
        if (sources.isEmpty()) {
            return new Use(copy);
        }
        Path source = sources.get().resolve(relative);
        if (Files.isRegularFile(source)) {
            return new Use(source);
        }
        // Only a tree the sources hold too can have lost a file; a script that came from another
        // resource directory (or was generated) is used where it is.
        Path top = sources.get().resolve(relative.getName(0));
        return relative.getNameCount() > 1 && Files.isDirectory(top) ? new Stale(copy, source) : new Use(copy);
    }

    /** {@code target/test-classes} → {@code src/test/resources}, {@code target/classes} → {@code src/main/resources}. */
    private static Optional<Path> mavenSourcesFor(Path root) {
        Path target = root.getParent();
        if (target == null || target.getFileName() == null || !target.getFileName().toString().equals("target")
                || target.getParent() == null) {
            return Optional.empty();
        }
        String kind = switch (root.getFileName().toString()) {
            case "test-classes" -> "test";
            case "classes" -> "main";
            default -> "";
        };
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Path resources = target.getParent().resolve("src").resolve(kind).resolve("resources");
        return Files.isDirectory(resources) ? Optional.of(resources) : Optional.empty();
    }
}
