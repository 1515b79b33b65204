package dev.jdrill.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's project made from the README's "Use jdrill from your pom" section, as a newcomer copies it:
 * its {@code pom.xml} and suite class are read from README.md at test time, so the README cannot drift
 * from what works. Runs {@code mvn test} on it offline against the artifacts this build just packaged,
 * installed into a temporary local repository (never into ~/.m2, which other builds share) whose other
 * artifacts come from the build's own local repository through a {@code file://} mirror.
 *
 * <p>Runs in the {@code integration-test} phase of this, the last module, so every module's jar exists.
 */
class ReadmeProjectIT {
    private static final Path ROOT = Path.of(System.getProperty("jdrill.root", "..")).toAbsolutePath().normalize();
    private static final String PASSES = """
            // connect() to a closed port is refused at once
            0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...0.1 connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)
            +0   > S 0:0(0) <...>
            +.1  < R. 0:0(0) ack 1 win 0
            +.1  close(3) = 0
            """;
    private static final String FAILS = PASSES.replace("> S 0:0(0) <...>", "> S 0:0(0) <mss 1000>");

    @TempDir
    Path work;

    @Test
    void theReadmesProjectReportsAPassingAndAFailingScriptAtItsSourceAndForgetsADeletedOne() throws Exception {
        // -Dtest=... also reaches the `test` phase, before this module's jar is packaged.
        Assumptions.assumeTrue("integration-test".equals(System.getProperty("jdrill.phase")),
                "runs after `package`, in the readme-project execution of mvn verify");
        String section = section(Files.readString(ROOT.resolve("README.md")), "## Use jdrill from your pom");
        Path project = work.resolve("tcp-project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), codeBlock(section, "xml"));
        String suite = codeBlock(section, "java");
        Matcher className = Pattern.compile("class (\\w+)").matcher(suite);
        assertThat(className.find()).as("the README's suite class has a name").isTrue();
        Path testJava = Files.createDirectories(project.resolve("src/test/java"));
        Files.writeString(testJava.resolve(className.group(1) + ".java"), suite);
        Path tcp = Files.createDirectories(project.resolve("src/test/resources/tcp"));
        Files.writeString(tcp.resolve("passes.pkt"), PASSES);
        Files.writeString(tcp.resolve("fails.pkt"), FAILS);
        Path settings = TemporaryRepository.create(ROOT, "jdrill-junit-engine", work.resolve("repository"), work.resolve("settings.xml"));

        Run first = mvn(project, settings);
        String report = surefireReport(project, className.group(1));
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(report).contains("tests=\"2\"").contains("failures=\"1\"").contains("errors=\"0\"")
                .contains("tcp/passes.pkt [engine]").contains("tcp/fails.pkt [engine]");
        // Located in the file the user edits, not in Maven's copy of it.
        assertThat(report).contains(tcp.resolve("fails.pkt") + ":4:").doesNotContain("test-classes/tcp");
        assertThat(first.output()).contains("Tests run: 2, Failures: 1");

        // Deleted from the sources, the script must not run again from target/test-classes.
        Files.delete(tcp.resolve("fails.pkt"));
        Run second = mvn(project, settings);
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(surefireReport(project, className.group(1))).contains("tests=\"1\"").contains("failures=\"0\"")
                .doesNotContain("fails.pkt [engine]");
        assertThat(second.output()).contains("Tests run: 1, Failures: 0");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run mvn(Path project, Path settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-B", "-o", "-s", settings.toString(),
                // offline, yet the file:// mirror of the build's local repository may be read
                "-Daether.offline.protocols=file", "test"));
        Path log = project.resolveSibling("mvn.log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn test on the README's project did not finish in 10 minutes");
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static String mavenExecutable() {
        String home = System.getProperty("maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isEmpty() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    private static String surefireReport(Path project, String suiteClass) throws IOException {
        return Files.readString(project.resolve("target/surefire-reports/TEST-" + suiteClass + ".xml"));
    }

    /** The README's section under {@code heading}, up to the next second-level heading. */
    static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README.md has a section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The first fenced code block of that language in the text. */
    static String codeBlock(String text, String language) {
        Matcher m = Pattern.compile("\n```" + language + "\n(.*?)\n```\n", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("a ```%s block", language).isTrue();
        return m.group(1) + "\n";
    }
}
