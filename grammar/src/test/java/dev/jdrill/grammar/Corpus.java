package dev.jdrill.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The packetdrill corpus under ${jdrill.shared}/corpus, when this checkout has it. */
public final class Corpus {
    /**
     * -D definitions for corpus runs. Empty on purpose: the suites' harness symbols (psp's "mss MSS", fastopen's
     * "FOEXP TFO_COOKIE", "icmp unreachable CODE") parse without them, as option values or words.
     */
    public static final Map<String, String> HARNESS_DEFINES = Map.of();

    private Corpus() {
    }

    public static Optional<Path> root() {
        String shared = System.getProperty("jdrill.shared", "../../shared");
        Path root = Path.of(shared, "corpus", "google-packetdrill");
        return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
    }

    public static List<Path> scripts() {
        return root().map(root -> {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(List.of());
    }

    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
