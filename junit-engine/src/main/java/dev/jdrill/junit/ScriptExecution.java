package dev.jdrill.junit;

import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.interpreter.target.Targets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Runs the discovered tree: each script on each of its targets, one after another (a kernel run owns
 * a network namespace and real time; running them side by side would only add timing noise).
 */
final class ScriptExecution {
    private final EngineExecutionListener listener;
    private final RunOptions options;
    private final boolean failOnSkip;

    ScriptExecution(EngineExecutionListener listener, RunOptions options, boolean failOnSkip) {
        this.listener = listener;
        this.options = options;
        this.failOnSkip = failOnSkip;
    }

    void run(TestDescriptor root) {
        listener.executionStarted(root);
        for (TestDescriptor child : root.getChildren()) {
            if (child instanceof ScriptDescriptor script) {
                runScript(script);
            }
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    private void runScript(ScriptDescriptor script) {
        listener.executionStarted(script);
        for (TestDescriptor child : script.getChildren()) {
            if (child instanceof ScriptTargetDescriptor test) {
                runTest(script, test);
            }
        }
        listener.executionFinished(script, TestExecutionResult.successful());
    }

    private void runTest(ScriptDescriptor script, ScriptTargetDescriptor test) {
        Optional<String> unavailable = Targets.unavailableReason(test.target());
        if (unavailable.isPresent()) {
            listener.executionSkipped(test, "the " + test.target() + " target cannot run here: " + unavailable.get());
            return;
        }
        listener.executionStarted(test);
        Optional<String> diagnostics = script.diagnostics();
        if (diagnostics.isPresent()) {
            int line = script.loaded().diagnostics().getFirst().span().line();
            listener.executionFinished(test, TestExecutionResult.failed(failure(script, test, diagnostics.get(), line)));
            return;
        }
        TestExecutionResult result;
        try {
            RunResult run = ScriptRunner.run(script.loaded().script().orElseThrow(), Targets.create(test.target()), options);
            result = switch (run.verdict()) {
                case Verdict.Pass p -> {
                    listener.reportingEntryPublished(test, ReportEntry.from(Map.of(
                            "simulated", String.format(Locale.ROOT, "%.6f s", run.simulatedMicros() / 1e6),
                            "wall", run.wallMillis() + " ms")));
                    yield TestExecutionResult.successful();
                }
                case Verdict.Fail f -> {
                    listener.reportingEntryPublished(test, ReportEntry.from("location", f.failure().headline()));
                    yield TestExecutionResult.failed(failure(script, test,
                            f.failure().render(script.loaded().text()), f.failure().span().line()));
                }
                case Verdict.Skip s -> failOnSkip
                        ? TestExecutionResult.failed(failure(script, test, "SKIP is a failure ("
                                + EngineSettings.FAIL_ON_SKIP + "=true): " + s.reason(), 1))
                        : TestExecutionResult.aborted(new org.opentest4j.TestAbortedException(s.reason()));
            };
        } catch (RuntimeException e) {
            // A target that cannot even be created: one line, never an interpreter stack trace.
            result = TestExecutionResult.failed(failure(script, test, "jdrill could not run the script on "
                    + test.target() + ": " + e.getMessage(), 1));
        }
        listener.executionFinished(test, result);
    }

    private static ScriptFailure failure(ScriptDescriptor script, ScriptTargetDescriptor test, String text, int line) {
        String fileName = script.script().file().map(Path::getFileName).map(Path::toString)
                .orElse(script.script().displayPath());
        return new ScriptFailure(text, fileName, test.target(), Math.max(1, line));
    }
}
