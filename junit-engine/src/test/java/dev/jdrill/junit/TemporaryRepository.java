package dev.jdrill.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Maven local repository of its own for a test that builds a user's project: the packaged modules a
 * jdrill artifact needs are laid out in it as {@code mvn install} would (pom and jar each, and the parent pom),
 * and a settings file makes it the local repository with the build's own local repository (usually
 * ~/.m2/repository) as a {@code file://} mirror of every remote, so the nested build resolves plugins and
 * third-party artifacts offline without ever writing into the shared one.
 */
final class TemporaryRepository {
    private static final Pattern OWN_ARTIFACT_ID = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");
    private static final Pattern PARENT_VERSION =
            Pattern.compile("<artifactId>jdrill-parent</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern OWN_DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.jdrill</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);

    private TemporaryRepository() {
    }

    /**
     * Installs {@code artifactId} and the jdrill modules it needs (not test-scoped) under {@code repository}
     * and writes the settings that use it; returns the settings.
     */
    static Path create(Path projectRoot, String artifactId, Path repository, Path settings) throws IOException {
        String parentPom = Files.readString(projectRoot.resolve("pom.xml"));
        Matcher version = PARENT_VERSION.matcher(parentPom);
        if (!version.find()) {
            throw new IllegalStateException("no jdrill-parent version in " + projectRoot.resolve("pom.xml"));
        }
        String v = version.group(1);
        install(repository, "jdrill-parent", v, projectRoot.resolve("pom.xml"), null);
        Map<String, Path> modules = new HashMap<>();
        Matcher module = MODULE.matcher(parentPom);
        while (module.find()) {
            Path dir = projectRoot.resolve(module.group(1));
            Matcher id = OWN_ARTIFACT_ID.matcher(Files.readString(dir.resolve("pom.xml")));
            if (!id.find()) {
                throw new IllegalStateException("no artifactId in " + dir.resolve("pom.xml"));
            }
            modules.put(id.group(1), dir);
        }
        Deque<String> pending = new ArrayDeque<>(List.of(artifactId));
        Set<String> installed = new HashSet<>();
        while (!pending.isEmpty()) {
            String id = pending.pop();
            Path dir = modules.get(id);
            if (dir == null || !installed.add(id)) {
                continue;
            }
            Path jar = dir.resolve("target").resolve(id + "-" + v + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the modules first (mvn -B verify)");
            }
            String pom = Files.readString(dir.resolve("pom.xml"));
            install(repository, id, v, dir.resolve("pom.xml"), jar);
            Matcher dependency = OWN_DEPENDENCY.matcher(pom);
            while (dependency.find()) {
                if (!dependency.group(2).contains("<scope>test</scope>")) {
                    pending.push(dependency.group(1));
                }
            }
        }
        Path buildRepository = Path.of(System.getProperty("jdrill.m2",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>build-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(repository.toAbsolutePath(), buildRepository.toAbsolutePath().toUri()));
        return settings;
    }

    private static void install(Path repository, String artifactId, String version, Path pom, Path jar)
            throws IOException {
        Path dir = Files.createDirectories(repository.resolve("dev/jdrill").resolve(artifactId).resolve(version));
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
