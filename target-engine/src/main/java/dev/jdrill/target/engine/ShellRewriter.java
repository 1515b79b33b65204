package dev.jdrill.target.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points a backtick command's /proc/sys paths at the engine's tree without root and on any OS: the
 * text {@code /proc/sys/} becomes the tree's path (in any quoting, since the tree's path has no
 * blanks), and every {@code . FILE} / {@code source FILE} becomes {@code . "$(jdrill-source FILE)"},
 * whose shim sources a copy rewritten the same way (the {@code jdrill-source} shim applies
 * {@link #SED_SCRIPT}, the same two rules in sed). A script the command executes (rather than
 * sources) is read by a shell of its own that no rewrite reaches; when such a file writes or reads
 * /proc/sys itself, {@link #unreachableProcSys} names it so the run is a SKIP rather than a lie.
 */
final class ShellRewriter {
    private static final Pattern SOURCE = Pattern.compile(
            "(?m)(^[ \\t]*|[;&|({][ \\t]*|(?:then|do|else)[ \\t]+)(?:\\.|source)[ \\t]+([^;&|)\\s]+)");
    /** The same two rules for sed -E (GNU and BSD); {@code @ROOT@} is the tree's /proc/sys path. */
    static final String SED_SCRIPT = "s#/proc/sys/#@ROOT@/sys/#g\ns#/proc/net/#@ROOT@/net/#g\n"
            + "s/(^[[:blank:]]*|[;&|({][[:blank:]]*|(then|do|else)[[:blank:]]+)(\\.|source)[[:blank:]]+([^;&|)[:space:]]+)/\\1. \"$(jdrill-source \\4)\"/g\n";
    /** A /proc/sys or /proc/net path with a name in it (not a usage comment's {@code /proc/sys/...}). */
    private static final Pattern PROC_PATH = Pattern.compile("/proc/(?:sys|net)/\\w");
    /** The /proc/net files the engine renders; reading any other (snmp, netstat counters) cannot be answered. */
    private static final Pattern PROC_NET = Pattern.compile("/proc/net/([\\w.-]+)");
    private static final Set<String> RENDERED_PROC_NET = Set.of("tcp", "tcp6");
    private static final Pattern WORD = Pattern.compile("[^\\s;&|()<>`\"'=]+");
    private static final int MAX_SCRIPT_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 4;

    private ShellRewriter() {
    }

    static String rewrite(String command, Path procSys) {
        String text = command.replace("/proc/sys/", procSys.toString() + "/")
                .replace("/proc/net/", procSys.resolveSibling("net").toString() + "/");
        Matcher m = SOURCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + ". \"$(jdrill-source " + m.group(2) + ")\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A /proc/net file the command names that the engine does not render ({@code snmp},
     * {@code netstat}: it keeps no counters).
     */
    static Optional<String> unrenderedProcNet(String command) {
        Matcher m = PROC_NET.matcher(command);
        while (m.find()) {
            if (!RENDERED_PROC_NET.contains(m.group(1))) {
                return Optional.of("/proc/net/" + m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String withoutComments(String script) {
        StringBuilder out = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.stripLeading().startsWith("#")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * A file the command executes (directly or through files it runs or sources), that mentions
     * /proc/sys: the shell running it sees the real /proc/sys, not the engine's.
     */
    static Optional<Path> unreachableProcSys(String command, Path workingDirectory) {
        return scan(command, workingDirectory, workingDirectory, new HashSet<>(), 0);
    }

    private static Optional<Path> scan(String text, Path cwd, Path fileDir, Set<Path> seen, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        Set<String> sourced = new HashSet<>();
        Matcher s = SOURCE.matcher(text);
        while (s.find()) {
            sourced.add(s.group(2).replace("\"", ""));
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = m.group();
            if (!word.contains("/") && !word.endsWith(".sh")) {
                continue;
            }
            for (Path file : candidates(word, cwd, fileDir)) {
                if (!seen.add(file)) {
                    continue;
                }
                Optional<String> content = read(file);
                if (content.isEmpty()) {
                    continue;
                }
                if (!sourced.contains(word) && PROC_PATH.matcher(withoutComments(content.get())).find()) {
                    return Optional.of(file);
                }
                Optional<Path> inner = scan(content.get(), cwd, file.getParent(), seen, depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(String word, Path cwd, Path fileDir) {
        List<Path> out = new ArrayList<>();
        try {
            for (Path base : List.of(cwd, fileDir)) {
                Path p = base.resolve(word).normalize();
                if (Files.isRegularFile(p) && !out.contains(p)) {
                    out.add(p);
                }
            }
        } catch (InvalidPathException e) {
            return List.of();
        }
        return out;
    }

    private static Optional<String> read(Path file) {
        try {
            if (Files.size(file) > MAX_SCRIPT_BYTES) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return Optional.empty(); // a binary, not a script
                }
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
