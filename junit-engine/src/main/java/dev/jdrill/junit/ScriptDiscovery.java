package dev.jdrill.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * Finds the {@code .pkt} scripts a discovery request selects: directories (recursively), files,
 * directory classpath roots, classpath resources (a script, or a directory of them, also inside a
 * jar), unique ids of earlier runs (an IDE's "rerun failed"), and the {@code jdrill.scripts} parameter.
 * A selected path that is not there is a discovery issue, not silence.
 */
final class ScriptDiscovery {
    static final String SCRIPT_SEGMENT = "script";
    static final String TARGET_SEGMENT = "target";
    private static final String SUFFIX = ".pkt";

    private final UniqueId engineId;
    private final Path workingDirectory = Path.of("").toAbsolutePath();
    /** By key, in the order found; the value restricts the targets (empty: all of them). */
    private final Map<String, Found> found = new LinkedHashMap<>();
    private final List<DiscoveryIssue> issues = new ArrayList<>();

    record Found(ScriptSource source, Set<String> onlyTargets) {
    }

    ScriptDiscovery(UniqueId engineId) {
        this.engineId = engineId;
    }

    List<Found> found() {
        return List.copyOf(found.values());
    }

    List<DiscoveryIssue> issues() {
        return List.copyOf(issues);
    }

    void discover(EngineDiscoveryRequest request, List<String> extraScripts) {
        for (DirectorySelector s : request.getSelectorsByType(DirectorySelector.class)) {
            directory(s.getPath(), "directory selector");
        }
        for (FileSelector s : request.getSelectorsByType(FileSelector.class)) {
            if (s.getRawPath().endsWith(SUFFIX)) {
                file(s.getPath(), "file selector");
            }
        }
        for (ClasspathRootSelector s : request.getSelectorsByType(ClasspathRootSelector.class)) {
            classpathRoot(s.getClasspathRoot());
        }
        for (ClasspathResourceSelector s : request.getSelectorsByType(ClasspathResourceSelector.class)) {
            classpathResource(s.getClasspathResourceName());
        }
        for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class)) {
            uniqueId(s.getUniqueId());
        }
        for (String path : extraScripts) {
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                directory(p, EngineSettings.SCRIPTS);
            } else {
                file(p, EngineSettings.SCRIPTS);
            }
        }
    }

    private void directory(Path dir, String selectedBy) {
        if (!Files.isDirectory(dir)) {
            issue(selectedBy + ": no such directory: " + dir);
            return;
        }
        // Named from the selected directory itself: selecting .../scripts gives "scripts/close/fin.pkt".
        Path base = Optional.ofNullable(dir.toAbsolutePath().normalize().getParent()).orElse(dir.toAbsolutePath());
        for (Path p : walk(dir, selectedBy)) {
            add(ScriptSource.ofFile(p, slashes(base.relativize(p.toAbsolutePath().normalize()))), Set.of());
        }
    }

    private void file(Path file, String selectedBy) {
        if (!Files.isRegularFile(file)) {
            issue(selectedBy + ": no such script: " + file);
            return;
        }
        Path absolute = file.toAbsolutePath().normalize();
        String display = absolute.startsWith(workingDirectory) ? slashes(workingDirectory.relativize(absolute)) : file.toString();
        add(ScriptSource.ofFile(absolute, display), Set.of());
    }

    private void classpathRoot(URI root) {
        // Every engine sees every classpath root; one that is a jar or missing is simply not ours.
        if (!"file".equals(root.getScheme()) || !Files.isDirectory(Path.of(root))) {
            return;
        }
        Path dir = Path.of(root);
        for (Path p : walk(dir, "classpath root")) {
            addFromClasspath(dir, dir.relativize(p));
        }
    }

    private void classpathResource(String name) {
        String resource = name.startsWith("/") ? name.substring(1) : name;
        List<URL> urls;
        try {
            urls = Collections.list(classLoader().getResources(resource));
        } catch (IOException e) {
            issue("classpath resource " + resource + ": " + e.getMessage());
            return;
        }
        if (urls.isEmpty()) {
            issue("classpath resource selector: no resource named " + resource);
            return;
        }
        for (URL url : urls) {
            if ("file".equals(url.getProtocol())) {
                Path p = Path.of(URI.create(url.toString()));
                Path root = classpathRootOf(p, trimSlash(resource));
                if (Files.isDirectory(p)) {
                    for (Path script : walk(p, "classpath resource " + resource)) {
                        addFromClasspath(root, root.relativize(script));
                    }
                } else if (resource.endsWith(SUFFIX)) {
                    addFromClasspath(root, root.relativize(p));
                }
            } else if (resource.endsWith(SUFFIX)) {
                // Inside a jar: no file to point at, so the text travels with the descriptor.
                try (InputStream in = url.openStream()) {
                    add(ScriptSource.ofResource(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)), Set.of());
                } catch (IOException e) {
                    issue("classpath resource " + resource + ": " + e.getMessage());
                }
            }
        }
    }

    private void uniqueId(UniqueId id) {
        if (!id.hasPrefix(engineId) || id.getSegments().size() < 2) {
            return;
        }
        UniqueId.Segment script = id.getSegments().get(1);
        if (!script.getType().equals(SCRIPT_SEGMENT)) {
            return;
        }
        Set<String> targets = id.getSegments().size() > 2 && id.getSegments().get(2).getType().equals(TARGET_SEGMENT)
                ? Set.of(id.getSegments().get(2).getValue()) : Set.of();
        String key = script.getValue();
        if (key.startsWith("classpath:")) {
            int before = found.size();
            classpathResource(key.substring("classpath:".length()));
            restrictLast(before, targets);
        } else {
            Path p = Path.of(key);
            if (Files.isRegularFile(p)) {
                String display = p.startsWith(workingDirectory) ? slashes(workingDirectory.relativize(p)) : key;
                add(ScriptSource.ofFile(p, display), targets);
            } else {
                issue("unique id selector: no such script: " + key);
            }
        }
    }

    /** A script below a directory on the classpath, run from its source file when Maven copied it there. */
    private void addFromClasspath(Path root, Path relative) {
        switch (ResourceOrigin.of(root, relative)) {
            case ResourceOrigin.Use use -> add(ScriptSource.ofFile(use.file(), slashes(relative)), Set.of());
            case ResourceOrigin.Stale stale -> issues.add(DiscoveryIssue.create(DiscoveryIssue.Severity.WARNING,
                    slashes(relative) + " was deleted from " + stale.missingSource().getParent()
                            + ": its stale copy " + stale.copy() + " is not run (mvn clean removes it)"));
        }
    }

    /** The classpath directory a resource was found in: {@code .../test-classes} for {@code tcp} at {@code .../test-classes/tcp}. */
    private static Path classpathRootOf(Path found, String resource) {
        Path root = found;
        for (int segments = resource.split("/").length; segments > 0 && root.getParent() != null; segments--) {
            root = root.getParent();
        }
        return root;
    }

    private void restrictLast(int before, Set<String> targets) {
        if (targets.isEmpty() || found.size() == before) {
            return;
        }
        String key = new ArrayList<>(found.keySet()).getLast();
        found.put(key, new Found(found.get(key).source(), targets));
    }

    private void add(ScriptSource source, Set<String> onlyTargets) {
        Found earlier = found.get(source.key());
        if (earlier == null) {
            found.put(source.key(), new Found(source, onlyTargets));
            return;
        }
        // Selected twice: what either selection asked for runs (an empty set means every target).
        Set<String> union = new HashSet<>(earlier.onlyTargets());
        union.addAll(onlyTargets);
        boolean all = earlier.onlyTargets().isEmpty() || onlyTargets.isEmpty();
        found.put(source.key(), new Found(earlier.source(), all ? Set.of() : Set.copyOf(union)));
    }

    private List<Path> walk(Path dir, String what) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            issue(what + ": cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private void issue(String message) {
        issues.add(DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR, message));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ScriptDiscovery.class.getClassLoader();
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    private static String trimSlash(String resource) {
        return resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
    }
}
