package dev.jdrill.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The engine as the JUnit Platform drives it, on a target that only runs `true` and `false`. */
class JdrillTestEngineTest {
    @TempDir
    Path dir;

    private static EngineTestKit.Builder kit() {
        return EngineTestKit.engine(JdrillTestEngine.ID)
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("jdrill.target", CommandOnlyTarget.NAME);
    }

    private static String name(Event e) {
        return e.getTestDescriptor().getDisplayName();
    }

    private static Throwable thrown(Event e) {
        return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    @Test
    void isRegisteredAsAServiceUnderItsId() {
        assertThat(ServiceLoader.load(TestEngine.class).stream().map(p -> p.get().getId()))
                .contains("jdrill");
    }

    @Test
    void aClasspathDirectoryRunsEveryScriptAsATest() {
        EngineExecutionResults results = kit().selectors(selectClasspathResource("pkt")).execute();

        results.testEvents().assertStatistics(s -> s.started(4).succeeded(1).failed(2).aborted(1));
        assertThat(results.testEvents().succeeded().map(JdrillTestEngineTest::name))
                .containsExactly("pkt/passes.pkt [commands-only]");
        assertThat(results.testEvents().aborted().map(e -> thrown(e).getMessage()))
                .singleElement().asString().contains("`tcpdump`");

        Event fails = results.testEvents().failed().filter(e -> name(e).contains("fails")).findFirst().orElseThrow();
        assertThat(thrown(fails)).isInstanceOf(org.opentest4j.AssertionFailedError.class)
                .hasMessageContaining("fails.pkt:2:")
                .hasMessageContaining("command failed with exit status 1")
                .hasMessageContaining("+1 `false`");
        // The failure points at the script's line, not at the interpreter's Java code.
        assertThat(thrown(fails).getStackTrace()).singleElement()
                .satisfies(f -> assertThat(f.getFileName() + ":" + f.getLineNumber()).isEqualTo("fails.pkt:2"));
    }

    @Test
    void aScriptThatDoesNotParseFailsWithItsDiagnosticAtItsLine() {
        EngineExecutionResults results = kit().selectors(selectClasspathResource("pkt/broken.pkt")).execute();

        Event broken = results.testEvents().failed().list().getFirst();
        assertThat(thrown(broken).getMessage()).contains("broken.pkt:2:").contains("error:").contains("+1 bogus(");
        FileSource source = (FileSource) broken.getTestDescriptor().getSource().orElseThrow();
        assertThat(source.getFile().getName()).isEqualTo("broken.pkt");
        assertThat(source.getPosition()).get().extracting(FilePosition::getLine).isEqualTo(2);
    }

    @Test
    void aDirectoryIsNamedFromItselfAndAFileFromTheWorkingDirectory() throws Exception {
        Path suite = Files.createDirectories(dir.resolve("suite/close"));
        Files.writeString(suite.resolve("fin.pkt"), "0 `true`\n");
        Files.writeString(dir.resolve("suite/notes.txt"), "not a script");

        EngineExecutionResults byDirectory = kit().selectors(selectDirectory(dir.resolve("suite").toFile())).execute();
        assertThat(byDirectory.testEvents().succeeded().map(JdrillTestEngineTest::name))
                .containsExactly("suite/close/fin.pkt [commands-only]");
        assertThat(byDirectory.testEvents().succeeded().list().getFirst().getTestDescriptor().getLegacyReportingName())
                .isEqualTo("suite/close/fin.pkt [commands-only]");

        EngineExecutionResults byFile = kit().selectors(selectFile(suite.resolve("fin.pkt").toFile())).execute();
        byFile.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void oneTestPerScriptAndTargetAndAnUnavailableTargetIsSkippedWithItsReason() {
        EngineExecutionResults results = kit().configurationParameter("jdrill.target", "commands-only, never-here")
                .selectors(selectClasspathResource("pkt/passes.pkt")).execute();

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).skipped(1));
        assertThat(results.testEvents().skipped().list().getFirst().getRequiredPayload(String.class))
                .isEqualTo("the never-here target cannot run here: needs a machine that does not exist");
    }

    @Test
    void aUniqueIdFromAnEarlierRunSelectsThatScriptOnThatTargetOnly() {
        var discovered = kit().configurationParameter("jdrill.target", "commands-only,never-here")
                .selectors(selectClasspathResource("pkt/nested/fails.pkt")).discover().getEngineDescriptor();
        var test = discovered.getDescendants().stream()
                .filter(d -> d.getDisplayName().endsWith("[commands-only]")).findFirst().orElseThrow();

        EngineExecutionResults rerun = kit().configurationParameter("jdrill.target", "commands-only,never-here")
                .selectors(selectUniqueId(test.getUniqueId())).execute();
        rerun.testEvents().assertStatistics(s -> s.started(1).failed(1).skipped(0));
    }

    @Test
    void theScriptsParameterAddsPathsForRunnersThatOnlySelectClasses() throws Exception {
        Files.writeString(dir.resolve("a.pkt"), "0 `true`\n");
        EngineExecutionResults results = kit().configurationParameter("jdrill.scripts", dir.toString()).execute();
        assertThat(results.testEvents().succeeded().map(JdrillTestEngineTest::name))
                .containsExactly(dir.getFileName() + "/a.pkt [commands-only]");
    }

    @Test
    void wrongParametersAndMissingPathsAreDiscoveryIssues() {
        var issues = EngineTestKit.engine(JdrillTestEngine.ID).enableImplicitConfigurationParameters(false)
                .configurationParameter("jdrill.target", "bogus")
                .configurationParameter("jdrill.tolerance-usecs", "lots")
                .configurationParameter("jdrill.defines", "NOVALUE")
                .selectors(selectDirectory(dir.resolve("absent").toString()),
                        selectClasspathResource("no/such/thing.pkt"), selectClasspathResource("pkt/passes.pkt"))
                .discover().getDiscoveryIssues();
        assertThat(issues).extracting(i -> i.severity().name()).containsOnly("ERROR");
        assertThat(issues).extracting(i -> i.message()).anySatisfy(m -> assertThat(m).contains("no such directory"))
                .anySatisfy(m -> assertThat(m).contains("no resource named no/such/thing.pkt"))
                .anySatisfy(m -> assertThat(m).contains("unknown target 'bogus'"))
                .anySatisfy(m -> assertThat(m).contains("jdrill.tolerance-usecs must be a number"))
                .anySatisfy(m -> assertThat(m).contains("'NOVALUE' is not NAME=VALUE"));
    }

    @Test
    void anUnknownTargetMattersOnlyWhenThereIsAScriptToRun() {
        // Surefire asks every engine about every test class; that alone must not fail on the target.
        var issues = EngineTestKit.engine(JdrillTestEngine.ID).enableImplicitConfigurationParameters(false)
                .configurationParameter("jdrill.target", "bogus").discover().getDiscoveryIssues();
        assertThat(issues).isEmpty();
    }

    @Test
    void selectorsForOtherEnginesFindNothing() throws Exception {
        Files.writeString(dir.resolve("Thing.java"), "class Thing {}");
        var engine = kit().selectors(selectFile(dir.resolve("Thing.java").toFile())).discover().getEngineDescriptor();
        assertThat(engine.getChildren()).isEmpty();
        assertThat(List.copyOf(engine.getDescendants())).isEmpty();
    }

    @Test
    void aScriptMavenCopiedIsLocatedAtItsSourceAndACopyWhoseSourceIsGoneDoesNotRun() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("project/src/test/resources/tcp"));
        Path copies = Files.createDirectories(dir.resolve("project/target/test-classes/tcp"));
        for (Path d : List.of(sources, copies)) {
            Files.writeString(d.resolve("x.pkt"), "0 `true`\n+1 `false`\n");
        }
        Files.writeString(copies.resolve("deleted.pkt"), "0 `true`\n"); // removed from src, not yet cleaned

        var request = kit().selectors(selectClasspathRoots(Set.of(dir.resolve("project/target/test-classes"))).getFirst());
        EngineExecutionResults results = request.execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Event failed = results.testEvents().failed().list().getFirst();
        assertThat(name(failed)).isEqualTo("tcp/x.pkt [commands-only]");
        assertThat(thrown(failed).getMessage()).contains(sources.resolve("x.pkt") + ":2:")
                .doesNotContain("test-classes");
        FileSource source = (FileSource) failed.getTestDescriptor().getSource().orElseThrow();
        assertThat(source.getFile().toPath()).isEqualTo(sources.resolve("x.pkt"));
        assertThat(request.discover().getDiscoveryIssues()).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("tcp/deleted.pkt was deleted from").contains("mvn clean"));
    }

    @Test
    void failOnSkipTurnsASkipIntoAFailedTest() {
        var skipping = selectClasspathResource("pkt/nested");
        kit().selectors(skipping).execute().testEvents().assertStatistics(s -> s.aborted(1).failed(1));

        EngineExecutionResults strict = kit().configurationParameter("jdrill.fail-on-skip", "true")
                .selectors(skipping).execute();
        strict.testEvents().assertStatistics(s -> s.aborted(0).failed(2));
        assertThat(strict.testEvents().failed().map(e -> thrown(e).getMessage()))
                .anySatisfy(m -> assertThat(m).contains("jdrill.fail-on-skip=true").contains("`tcpdump`"));
        assertThat(kit().configurationParameter("jdrill.fail-on-skip", "yes").selectors(skipping).discover()
                .getDiscoveryIssues()).extracting(i -> i.message())
                .containsExactly("jdrill.fail-on-skip must be true or false, not 'yes'");
    }
}
