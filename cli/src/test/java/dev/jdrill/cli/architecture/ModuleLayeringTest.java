package dev.jdrill.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/ARCHITECTURE.md, held against the poms and the sources: a module may use only
 * the jdrill modules drawn below it, and its main code may import only from modules its pom declares.
 * A forbidden edge (engine → grammar, interpreter → a concrete target, anything → cli) fails here with
 * the file that made it.
 */
class ModuleLayeringTest {

    /** Every jdrill module and the jdrill modules its main code may depend on (directly). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("wire", Set.of()),
            Map.entry("grammar", Set.of()),
            Map.entry("engine", Set.of("wire")),
            Map.entry("linux", Set.of("wire")),
            Map.entry("interpreter", Set.of("grammar", "wire")),
            Map.entry("target-engine", Set.of("interpreter", "engine", "wire")),
            Map.entry("target-linux", Set.of("interpreter", "linux", "wire")),
            Map.entry("target-remote", Set.of("interpreter", "linux", "wire", "target-linux")),
            Map.entry("explore", Set.of("interpreter", "grammar", "wire")),
            Map.entry("report", Set.of("interpreter", "grammar", "wire")),
            Map.entry("repl", Set.of("interpreter", "grammar", "wire", "report")),
            Map.entry("junit-engine", Set.of("interpreter", "grammar", "wire", "report")),
            Map.entry("cli", Set.of("interpreter", "grammar", "wire", "report", "repl", "explore",
                    "target-remote", "linux")));

    /** Modules that only plug in at run time (ServiceLoader) and are never named by code. */
    private static final Set<String> PLUG_INS = Set.of("target-engine", "target-linux", "target-remote");

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.jdrill</groupId>\\s*<artifactId>jdrill-([^<]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.jdrill\\.[\\w.]+)\\.\\w+;",
            Pattern.MULTILINE);

    private static Path root;
    private static List<String> modules;
    private static Map<String, String> moduleOfPackage;

    @BeforeAll
    static void readReactor() throws IOException {
        root = Path.of(System.getProperty("jdrill.root", "..")).toAbsolutePath().normalize();
        modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        moduleOfPackage = new TreeMap<>();
        for (String module : modules) {
            for (Path file : javaFiles(root.resolve(module).resolve("src/main/java"))) {
                moduleOfPackage.put(packageOf(file), module);
            }
        }
    }

    @Test
    void everyModuleIsDrawnOnTheMap() {
        assertThat(modules).isNotEmpty();
        assertThat(ALLOWED.keySet()).containsAll(modules);
    }

    @Test
    void declaredDependenciesFollowTheLayers() throws IOException {
        List<String> forbidden = new ArrayList<>();
        for (String module : modules) {
            Matcher m = DEPENDENCY.matcher(Files.readString(root.resolve(module).resolve("pom.xml")));
            while (m.find()) {
                String used = m.group(1);
                boolean testOnly = m.group(2).contains("<scope>test</scope>");
                boolean runtimePlugIn = PLUG_INS.contains(used) && m.group(2).contains("<scope>runtime</scope>");
                if (!testOnly && !runtimePlugIn && !ALLOWED.get(module).contains(used)) {
                    forbidden.add(module + "/pom.xml declares jdrill-" + used);
                }
                if (used.equals("cli")) {
                    forbidden.add(module + "/pom.xml declares jdrill-cli (nothing depends on the command line)");
                }
            }
        }
        assertThat(forbidden).isEmpty();
    }

    @Test
    void mainCodeImportsOnlyFromAllowedModules() throws IOException {
        Set<String> forbidden = new TreeSet<>();
        for (String module : modules) {
            for (Path file : javaFiles(root.resolve(module).resolve("src/main/java"))) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String owner = owningModule(m.group(1));
                    if (owner != null && !owner.equals(module) && !ALLOWED.get(module).contains(owner)) {
                        forbidden.add(root.relativize(file) + " imports " + m.group(1) + " (module " + owner + ")");
                    }
                }
            }
        }
        assertThat(forbidden).isEmpty();
    }

    @Test
    void theMapItselfForbidsWhatTheDesignForbids() {
        assertThat(ALLOWED.get("engine")).doesNotContain("grammar", "interpreter", "linux");
        assertThat(ALLOWED.get("linux")).doesNotContain("grammar", "interpreter", "engine");
        assertThat(ALLOWED.get("interpreter")).doesNotContain("engine", "linux", "target-engine", "target-linux");
        assertThat(ALLOWED.values()).noneMatch(allowed -> allowed.contains("cli"));
        assertThat(ALLOWED.get("wire")).isEmpty();
        assertThat(ALLOWED.get("grammar")).isEmpty();
    }

    /** The module whose main code holds this package, or one of its parent packages; null if none does. */
    private static String owningModule(String pkg) {
        for (String p = pkg; p.contains("."); p = p.substring(0, p.lastIndexOf('.'))) {
            String module = moduleOfPackage.get(p);
            if (module != null) {
                return module;
            }
        }
        return null;
    }

    private static String packageOf(Path file) throws IOException {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(Files.readString(file));
        return m.find() ? m.group(1) : "";
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
