package dev.jdrill.target.remote;

import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.Verdict;
import java.nio.file.Path;
import java.util.Map;

/** Runs scripts on the remote target from jdrill's side of a {@link TwoHostNetwork}. */
final class RemoteRuns {
    private RemoteRuns() {
    }

    static Script load(String name, String text) {
        return ScriptLoader.fromText(name, text, Map.of()).script()
                .orElseThrow(() -> new AssertionError(name + " does not parse"));
    }

    static Script load(Path file) {
        return ScriptLoader.load(file, Map.of()).script().orElseThrow(() -> new AssertionError(file + " does not parse"));
    }

    static RunResult run(TwoHostNetwork net, Script script, Map<String, String> settings) throws Exception {
        return run(net, script, settings, RunOptions.defaults());
    }

    static RunResult run(TwoHostNetwork net, Script script, Map<String, String> settings, RunOptions options)
            throws Exception {
        return net.onWireSide(() -> ScriptRunner.run(script, new RemoteTarget(settings), options));
    }

    static String describe(RunResult r) {
        return switch (r.verdict()) {
            case Verdict.Pass p -> "PASS";
            case Verdict.Fail f -> "FAIL at line " + f.failure().span().line() + ": " + f.failure().message();
            case Verdict.Skip s -> "SKIP: " + s.reason();
        };
    }
}
