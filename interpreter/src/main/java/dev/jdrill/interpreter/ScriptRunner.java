package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one validated script on one target with packetdrill's semantics (run.c run_script): option
 * lines, the init command, the events in order through the one executor ({@link ScriptSession}, as the
 * REPL runs them) up to the first that does not pass, then any blocking call still in progress, then the
 * cleanup command, which runs on every exit path. The target is closed afterwards whatever happened.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    public static RunResult run(Script script, Target target, RunOptions options) {
        long wallStart = System.nanoTime();
        Verdict verdict;
        RunContext run = null;
        try {
            ScriptSettings settings = settings(script, options);
            TargetConfig config = target.configure(settings.target());
            Path scriptDir = Optional.ofNullable(Path.of(script.path()).toAbsolutePath().getParent()).orElse(Path.of("."));
            Path workDir = options.workingDirectory().orElse(scriptDir);
            run = new RunContext(target, settings, workDir, environment(script));
            // --dry_run: packetdrill parses the script and stops there.
            verdict = settings.dryRun() ? new Verdict.Pass() : runEvents(script, run, config);
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
            for (String init : run.settings.initScripts()) {
                // packetdrill runs --init_scripts before the script, and stops on the first that fails.
                checks.command(script.span(), init);
            }
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

    /** packetdrill exports these to commands; suites' helpers use PACKETDRILL_PID for restore files. */
    private static Map<String, String> environment(Script script) {
        Map<String, String> env = new HashMap<>();
        env.put("PACKETDRILL_PID", RunIdentity.next());
        env.put("JDRILL_SCRIPT", script.path());
        return env;
    }

    /**
     * The script's option lines and the command line's packetdrill options, settled as packetdrill does;
     * jdrill's own {@code --tolerance-usecs} then raises the fixed tolerance, and {@code --verbose} adds.
     */
    static ScriptSettings settings(Script script, RunOptions options) throws StopRun {
        ScriptSettings s;
        try {
            s = PacketdrillOptions.settle(script.options(), options.commandLine(), options.ipMode());
        } catch (PacketdrillOptions.BadOption e) {
            throw RunContext.fail(e.span().orElse(script.span()), e.getMessage());
        }
        if (options.toleranceUsecs().isPresent() && options.toleranceUsecs().get() > s.tolerance().usecs()) {
            s = new ScriptSettings(s.tolerance().withUsecs(options.toleranceUsecs().get()), s.target(), s.bindPort(),
                    s.connectPort(), s.tsTickUsecs(), s.tsEcrScaled(), s.strictSegments(), s.nonFatalPacket(),
                    s.sendOmitFree(), s.dryRun(), s.verbose(), s.initScripts());
        }
        if (options.verbose() && !s.verbose()) {
            s = new ScriptSettings(s.tolerance(), s.target(), s.bindPort(), s.connectPort(), s.tsTickUsecs(),
                    s.tsEcrScaled(), s.strictSegments(), s.nonFatalPacket(), s.sendOmitFree(), s.dryRun(), true,
                    s.initScripts());
        }
        return s;
    }
}
