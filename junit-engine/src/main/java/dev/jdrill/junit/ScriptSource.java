package dev.jdrill.junit;

import dev.jdrill.interpreter.ScriptLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * Where a discovered script comes from: a file (selected directly, found in a directory or a directory
 * classpath root) or a resource inside a jar, which has text but no file.
 *
 * @param key what identifies it in unique ids: the absolute path, or the resource name
 * @param displayPath how reports name it, e.g. {@code scripts/close/fin.pkt}
 */
record ScriptSource(String key, String displayPath, Optional<Path> file, Optional<String> jarText) {

    static ScriptSource ofFile(Path file, String displayPath) {
        Path absolute = file.toAbsolutePath().normalize();
        return new ScriptSource(absolute.toString(), displayPath, Optional.of(absolute), Optional.empty());
    }

    static ScriptSource ofResource(String resourceName, String text) {
        return new ScriptSource("classpath:" + resourceName, resourceName, Optional.empty(), Optional.of(text));
    }

    /**
     * Reads, parses and validates the script. A file is loaded by its absolute path: backtick commands
     * run in the script's own directory, and failures name a path an IDE can open from any directory.
     */
    ScriptLoader.Loaded load(Map<String, String> defines) {
        return jarText.isPresent()
                ? ScriptLoader.fromText(displayPath, jarText.get(), defines)
                : ScriptLoader.load(file.orElseThrow(), defines);
    }

    TestSource testSource(Optional<FilePosition> position) {
        if (file.isPresent()) {
            return position.map(p -> FileSource.from(file.get().toFile(), p)).orElse(FileSource.from(file.get().toFile()));
        }
        String name = key.substring("classpath:".length());
        return position.map(p -> ClasspathResourceSource.from(name, p)).orElse(ClasspathResourceSource.from(name));
    }
}
