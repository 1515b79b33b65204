package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.OptionLine;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.Tolerance;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one validated script on one target with packetdrill's semantics (run.c run_script): option
 * lines, the init command, the events in order — each anchored, waited for and checked with the
 * tolerance — then any blocking call still in progress, then the cleanup command, which runs on every
 * exit path. The target is closed afterwards whatever happened.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    public static RunResult run(Script script, Target target, RunOptions options) {
        long wallStart = System.nanoTime();
        Verdict verdict;
        RunContext run = null;
        try {
            ScriptSettings settings = ScriptSettings.from(script.options(), options);
            TargetConfig config = target.configure(TargetConfig.defaults(settings.ipMode()));
            Path scriptDir = Optional.ofNullable(Path.of(script.path()).toAbsolutePath().getParent()).orElse(Path.of("."));
            Path workDir = options.workingDirectory().orElse(scriptDir);
            run = new RunContext(target, config, settings.tolerance(), workDir, environment(script),
                    settings.bindPort(), settings.connectPort(), options.verbose());
            verdict = runEvents(script, run, config);
        } catch (StopRun stop) {
            verdict = stop.verdict();
        } catch (RuntimeException | LinkageError e) {
            // A bug of ours must not look like the stack's fault, nor escape as a stack trace.
            verdict = new Verdict.Fail(RunFailure.of(script.span(), "internal error in jdrill: " + e));
        } finally {
            target.close();
        }
        long simulated = run == null ? 0 : lastTime(run);
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        return new RunResult(script.path(), target.name(), verdict, simulated, wallMillis,
                run == null ? List.of() : run.trace, run == null ? List.of() : run.verboseLines);
    }

    /** Script time covered: up to the last thing that happened. */
    private static long lastTime(RunContext run) {
        long t = 0;
        for (TraceEntry e : run.trace) {
            t = Math.max(t, e.timeMicros());
        }
        return t;
    }

    private static Verdict runEvents(Script script, RunContext run, TargetConfig config) throws StopRun {
        try {
            run.target.start(config);
        } catch (TargetException e) {
            throw RunContext.stop(e, script.events().getFirst());
        }
        CheckSteps checks = new CheckSteps(run);
        Verdict verdict = new Verdict.Pass();
        StopRun stopped = null;
        try {
            if (script.initCommand().isPresent()) {
                checks.command(script.initCommand().get().span(), script.initCommand().get().text());
            }
            walk(script.events(), new ScriptSession(run, new ExecutionMode.Batch()));
        } catch (StopRun stop) {
            stopped = stop;
        }
        // The cleanup command runs on every exit path, as packetdrill's does.
        if (script.cleanupCommand().isPresent()) {
            try {
                checks.command(script.cleanupCommand().get().span(), script.cleanupCommand().get().text());
            } catch (StopRun cleanupStop) {
                if (stopped == null) {
                    stopped = cleanupStop;
                }
            }
        }
        if (stopped != null) {
            throw stopped;
        }
        return verdict;
    }

    /** The events in order through the one executor; the first that does not pass ends the run. */
    private static void walk(List<Event> events, ScriptSession session) throws StopRun {
        for (Event event : events) {
            passOrStop(session.runEvent(event).verdict());
        }
        passOrStop(session.finish());
    }

    private static void passOrStop(Verdict verdict) throws StopRun {
        if (!(verdict instanceof Verdict.Pass)) {
            throw new StopRun(verdict);
        }
    }

    /** packetdrill exports these to commands; the corpus's helpers use PACKETDRILL_PID for restore files. */
    private static Map<String, String> environment(Script script) {
        Map<String, String> env = new HashMap<>();
        env.put("PACKETDRILL_PID", Long.toString(ProcessHandle.current().pid()));
        env.put("JDRILL_SCRIPT", script.path());
        return env;
    }

    /** Script-level option lines, combined with the command line's. */
    record ScriptSettings(Tolerance tolerance, TargetConfig.IpMode ipMode, int bindPort, int connectPort) {
        static ScriptSettings from(List<OptionLine> lines, RunOptions options) throws StopRun {
            Tolerance tolerance = Tolerance.PACKETDRILL_DEFAULT;
            TargetConfig.IpMode mode = options.ipMode();
            int bindPort = 8080;
            int connectPort = 8080;
            for (OptionLine line : lines) {
                String value = line.value().orElse("");
                try {
                    switch (line.name()) {
                        case "tolerance_usecs" -> tolerance = tolerance.withUsecs(Long.parseLong(value));
                        case "tolerance_percent" -> tolerance = tolerance.withPercent(Double.parseDouble(value));
                        case "ip_version" -> mode = TargetConfig.IpMode.fromFlag(value).orElseThrow(
                                () -> RunContext.fail(line.span(), "unknown --ip_version " + value));
                        case "bind_port" -> bindPort = Integer.parseInt(value);
                        case "connect_port" -> connectPort = Integer.parseInt(value);
                        default -> { }
                    }
                } catch (IllegalArgumentException e) {
                    throw RunContext.fail(line.span(), "bad value for --" + line.name() + ": " + value);
                }
            }
            if (options.toleranceUsecs().isPresent() && options.toleranceUsecs().get() > tolerance.usecs()) {
                tolerance = tolerance.withUsecs(options.toleranceUsecs().get());
            }
            return new ScriptSettings(tolerance, mode, bindPort, connectPort);
        }
    }
}
