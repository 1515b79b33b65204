package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.StateAssertion;
import dev.jdrill.interpreter.code.CodeAssertions;
import dev.jdrill.interpreter.command.SymlinkPlaceholders;
import dev.jdrill.interpreter.command.LinuxSysctlNames;
import dev.jdrill.interpreter.command.TunableCommands;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.TcpState;
import java.util.Map;
import java.util.Optional;

/** Backtick commands, {@code %{ }%} assertions and {@code state} assertions. */
final class CheckSteps {
    /** The shell's exit status for a command it cannot find. */
    private static final int COMMAND_NOT_FOUND = 127;

    private final RunContext run;

    CheckSteps(RunContext run) {
        this.run = run;
    }

    /**
     * Runs a backtick command with {@code /bin/sh}: inside the test's namespace on the kernel, against
     * the engine's own tools and sysctls on the engine. What a target cannot honour is a SKIP naming it.
     */
    void command(SourceSpan span, String written) throws StopRun {
        String text = SymlinkPlaceholders.resolve(written, run.workingDirectory);
        try {
            CommandOutcome outcome = run.target.runCommand(text, run.workingDirectory, run.environment);
            if (outcome.exitStatus() == COMMAND_NOT_FOUND) {
                // A tool this host lacks says nothing about the stack: the script cannot run here.
                throw StopRun.skip("the command needs a program this host does not have: "
                        + lastLine(outcome.output().strip()) + " (line " + span.line() + ")");
            }
            if (outcome.exitStatus() != 0) {
                String output = outcome.output().strip();
                // On a kernel, a misspelt sysctl is sysctl's "cannot stat"; say which name was meant.
                for (TunableCommands.Setting s : TunableCommands.interpret(text, run.workingDirectory).settings()) {
                    misspeltSysctl(span, s.name());
                }
                throw StopRun.fail(RunFailure.of(span, "command failed with exit status " + outcome.exitStatus()
                        + (output.isEmpty() ? "" : ": " + lastLine(output))));
            }
        } catch (UnsupportedByTargetException e) {
            throw StopRun.skip(e.getMessage() + " (line " + span.line() + ")");
        } catch (TargetException e) {
            throw StopRun.fail(RunFailure.of(span, "command could not run: " + e.getMessage()));
        }
    }

    /**
     * A name no Linux has but one letter or two away from a real one is the script's typo, not a tunable
     * the engine lacks: skipping it would leave CI green on a script that tests nothing. A name far from
     * every real one may be another kernel's, and stays a SKIP.
     */
    private static void misspeltSysctl(SourceSpan span, String name) throws StopRun {
        if (LinuxSysctlNames.exists(name) || LinuxSysctlNames.fullName(name).isPresent()) {
            return;
        }
        Optional<String> meant = LinuxSysctlNames.closest(name);
        if (meant.isPresent()) {
            throw StopRun.fail(RunFailure.of(span, "unknown sysctl " + name + ": no Linux has it (did you mean "
                    + meant.get() + "?)"));
        }
    }

    void code(Event event, Code code) throws StopRun {
        Optional<Integer> liveFd = codeFd();
        if (liveFd.isEmpty()) {
            throw RunContext.fail(event.span(), "no socket to read TCP_INFO from for this %{ }% block");
        }
        try {
            Map<String, Long> info = run.target.tcpInfo(liveFd.get());
            Optional<CodeAssertions.Failure> failed = CodeAssertions.evaluate(code, info);
            if (failed.isPresent()) {
                throw StopRun.fail(RunFailure.of(failed.get().span(), failed.get().message())
                        .withExplanation("The stack's TCP_INFO did not satisfy the script's assertion."));
            }
        } catch (CodeAssertions.UnsupportedCode e) {
            throw StopRun.skip(e.getMessage() + " (line " + event.span().line() + ")");
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    /** The connection under test's fd if it has one, else the most recent socket's. */
    private Optional<Integer> codeFd() {
        Optional<Integer> scriptFd = run.current.map(run.scriptFdByConnection::get);
        if (scriptFd.isEmpty()) {
            scriptFd = run.lastScriptFd;
        }
        return scriptFd.flatMap(run.fds::live);
    }

    void state(Event event, StateAssertion assertion) throws StopRun {
        Optional<TcpState> expected = TcpState.fromName(assertion.state());
        if (expected.isEmpty()) {
            throw RunContext.fail(assertion.span(), "unknown TCP state " + assertion.state());
        }
        try {
            TcpState actual = actualState(event, assertion);
            run.trace.add(new TraceEntry.StateSeen(run.target.nowMicros(), actual, event.span().line()));
            if (actual != expected.get()) {
                throw StopRun.fail(RunFailure.of(event.span(), "expected state " + expected.get() + " but the connection is in "
                        + actual).withExplanation("The stack's connection is in " + actual + ", not " + expected.get() + "."));
            }
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    private TcpState actualState(Event event, StateAssertion assertion) throws TargetException, StopRun {
        ScriptConnection connection;
        if (assertion.fd().isPresent()) {
            int scriptFd = assertion.fd().get();
            connection = run.connectionByScriptFd.get(scriptFd);
            if (connection == null) {
                throw RunContext.fail(assertion.span(), "no socket was ever created for script fd " + scriptFd);
            }
            Optional<Integer> live = run.fds.live(scriptFd);
            boolean connectionKnown = connection.localIsnKnown() || connection.remoteIsnKnown();
            if (!connectionKnown) {
                return live.isPresent() ? run.target.socketState(live.get()) : TcpState.CLOSED;
            }
        } else {
            connection = run.current.orElseThrow(() -> RunContext.fail(event.span(), "no connection to check the state of"));
            if (!connection.localIsnKnown() && !connection.remoteIsnKnown()) {
                Integer scriptFd = run.scriptFdByConnection.get(connection);
                Optional<Integer> live = scriptFd == null ? Optional.empty() : run.fds.live(scriptFd);
                return live.isPresent() ? run.target.socketState(live.get()) : TcpState.CLOSED;
            }
        }
        return run.target.connectionState(new ConnectionKey(connection.localAddress(), connection.localPort(),
                connection.remoteAddress(), connection.remotePort()));
    }

    private static String lastLine(String output) {
        int nl = output.lastIndexOf('\n');
        return nl < 0 ? output : output.substring(nl + 1);
    }
}
