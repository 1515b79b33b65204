package dev.jdrill.junit;

import dev.jdrill.interpreter.ScriptLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The JUnit Platform engine {@code jdrill}: every selected {@code .pkt} script runs as tests, one per
 * script and target, under Surefire, Gradle or an IDE. Configuration: see {@link EngineSettings}.
 * Problems with the configuration or the selectors are discovery issues; a script that does not parse
 * is a failing test located at its first error.
 */
public final class JdrillTestEngine implements TestEngine {
    public static final String ID = "jdrill";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.jdrill");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("jdrill-junit-engine");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "jdrill");
        EngineSettings settings = EngineSettings.from(request.getConfigurationParameters());
        ScriptDiscovery discovery = new ScriptDiscovery(uniqueId);
        discovery.discover(request, settings.extraScripts());
        for (DiscoveryIssue issue : discovery.issues()) {
            request.getDiscoveryListener().issueEncountered(uniqueId, issue);
        }
        List<String> problems = new ArrayList<>(settings.problems());
        if (!discovery.found().isEmpty()) {
            problems.addAll(settings.unknownTargets());
        }
        for (String problem : problems) {
            request.getDiscoveryListener().issueEncountered(uniqueId,
                    DiscoveryIssue.create(DiscoveryIssue.Severity.ERROR, problem));
        }
        if (!problems.isEmpty()) {
            return engine; // wrong targets or options would fail every script for the same reason
        }
        for (ScriptDiscovery.Found found : discovery.found()) {
            ScriptLoader.Loaded loaded = found.source().load(settings.runOptions().defines());
            ScriptDescriptor script = new ScriptDescriptor(
                    uniqueId.append(ScriptDiscovery.SCRIPT_SEGMENT, found.source().key()), found.source(), loaded);
            for (String target : settings.targets()) {
                if (found.onlyTargets().isEmpty() || found.onlyTargets().contains(target)) {
                    script.addChild(new ScriptTargetDescriptor(
                            script.getUniqueId().append(ScriptDiscovery.TARGET_SEGMENT, target),
                            found.source().displayPath(), target, script.getSource().orElseThrow()));
                }
            }
            if (!script.getChildren().isEmpty()) {
                engine.addChild(script);
            }
        }
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        EngineSettings settings = EngineSettings.from(request.getConfigurationParameters());
        new ScriptExecution(request.getEngineExecutionListener(), settings.runOptions(), settings.failOnSkip())
                .run(request.getRootTestDescriptor());
    }
}
