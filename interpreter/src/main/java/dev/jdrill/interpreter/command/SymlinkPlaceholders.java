package dev.jdrill.interpreter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows git's symlink placeholders in backtick commands. A checkout made without symlink support
 * (core.symlinks=false, or a copy that dereferenced nothing) stores a symlink as a small text file
 * holding the target path — packetdrill's corpus has {@code tcp/common/defaults.sh} containing
 * {@code ../../common/defaults.sh}. Running such a file fails (exit 126), so a command word naming one
 * is replaced by the file it points at. Nothing else in the command changes.
 */
public final class SymlinkPlaceholders {
    private static final Pattern WORD = Pattern.compile("(?<=^|[\\s;&|`(])([A-Za-z0-9_./-]+)");
    private static final int MAX_PLACEHOLDER_BYTES = 1024;

    private SymlinkPlaceholders() {
    }

    public static String resolve(String command, Path workingDirectory) {
        Matcher m = WORD.matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group(1);
            String replacement = target(word, workingDirectory).orElse(word);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static java.util.Optional<String> target(String word, Path dir) {
        if (!word.contains("/")) {
            return java.util.Optional.empty();
        }
        try {
            Path file = dir.resolve(word);
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isExecutable(file)
                    || Files.size(file) > MAX_PLACEHOLDER_BYTES) {
                return java.util.Optional.empty();
            }
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (content.isEmpty() || content.contains("\n") || content.startsWith("#") || content.contains(" ")) {
                return java.util.Optional.empty();
            }
            Path pointed = file.getParent().resolve(content).normalize();
            if (!Files.isRegularFile(pointed)) {
                return java.util.Optional.empty();
            }
            String resolved = Path.of(word).getParent() == null ? content
                    : Path.of(word).getParent().resolve(content).normalize().toString();
            return java.util.Optional.of(resolved);
        } catch (IOException | InvalidPathException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
