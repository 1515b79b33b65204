package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.interpreter.connection.PeerView;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.syscall.FdTable;
import dev.jdrill.interpreter.syscall.SyscallPlanner;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.interpreter.timeline.Tolerance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The state one run of one script shares between its steps. */
final class RunContext {
    final Target target;
    final ScriptSettings settings;
    final TargetConfig config;
    final Tolerance tolerance;
    final Path workingDirectory;
    final Map<String, String> environment;
    final SyscallPlanner planner;
    final int bindPort;
    final int connectPort;
    final boolean verbose;
    final FdTable fds = new FdTable();
    final List<TraceEntry> trace = new ArrayList<>();
    final List<String> verboseLines = new ArrayList<>();
    /** The connection each script fd was created for, kept after close so state(fd) still works. */
    final Map<Integer, ScriptConnection> connectionByScriptFd = new HashMap<>();
    final Map<ScriptConnection, Integer> scriptFdByConnection = new HashMap<>();
    final PeerView peer = new PeerView();
    /**
     * The target's time when the script's first event ran: packetdrill's live_start_time, the zero
     * of script times a stack reports in data (SCM_TIMESTAMPING), after the init commands; -1 before.
     */
    long scriptZeroMicros = -1;
    /** packetdrill's "socket under test": the connection packets without ports belong to. */
    Optional<ScriptConnection> current = Optional.empty();
    /** Script fd most recently created, whose TCP_INFO a %{ }% block reads when no connection has one. */
    Optional<Integer> lastScriptFd = Optional.empty();
    private int nextEphemeralPort;
    /** When the call just checked returned (-1: the previous event was not a completed call). */
    private long previousCallEndMicros = -1;

    RunContext(Target target, ScriptSettings settings, Path workingDirectory, Map<String, String> environment) {
        this.target = target;
        this.settings = settings;
        this.config = settings.target();
        this.tolerance = settings.tolerance();
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.bindPort = settings.bindPort();
        this.connectPort = settings.connectPort();
        this.verbose = settings.verbose();
        this.planner = new SyscallPlanner(config, bindPort, connectPort);
        this.nextEphemeralPort = target.firstPeerPort();
    }

    /** The previous event was a call that returned at {@code micros}: the next relative time counts from there. */
    void callEnded(long micros) {
        previousCallEndMicros = micros;
    }

    /** The previous event (an outbound packet) finished at {@code micros}: the next relative time counts from there. */
    void eventFinishedAt(long micros) {
        previousCallEndMicros = micros;
    }

    /**
     * The moment the previous event actually finished, which a relative time counts from: now, or the
     * return of the call just made when it returned earlier than now — on the remote target the result
     * travels back over the network after the call returned (and after the segments it sent).
     */
    long anchorMicros() {
        long now = target.nowMicros();
        long anchor = previousCallEndMicros >= 0 ? Math.min(now, previousCallEndMicros) : now;
        previousCallEndMicros = -1;
        return anchor;
    }

    /** A remote port for a connection the script opens from the peer's side (packetdrill asks the kernel). */
    int nextEphemeralPort() {
        return nextEphemeralPort++;
    }

    ScriptConnection newConnection(int localPort, int remotePort) {
        return new ScriptConnection(config.localAddress(), config.remoteAddress(), localPort, remotePort);
    }

    /** Turns a target's exception into the run's end: a SKIP for what it cannot do, else a failure. */
    static StopRun stop(TargetException e, Event event) {
        if (e instanceof UnsupportedByTargetException) {
            return StopRun.skip(e.getMessage() + " (line " + event.span().line() + ")");
        }
        return StopRun.fail(RunFailure.of(event.span(), "target error: " + e.getMessage()));
    }

    static StopRun fail(SourceSpan span, String message) {
        return StopRun.fail(RunFailure.of(span, message));
    }
}
