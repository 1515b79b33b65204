package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Direction;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.StateAssertion;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.grammar.ast.UdpPacket;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import dev.jdrill.interpreter.timeline.Tolerance;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one executor: runs a script's events one at a time on a live target (run.c's event loop), keeping
 * everything between them (the fd mapping, the connection under test, its ISNs, the clock). Each event
 * means the same wherever it comes from: {@link ScriptRunner} drives a whole script through it for
 * {@code run} and the JUnit engine, the REPL one line at a time. What differs between them is the
 * {@link ExecutionMode}: whether the stack's packets are taken off as they are sent and reported. An event
 * without a time ({@link EventTime.Now}) happens now; a {@code >} line without one accepts a packet sent at
 * any time before it.
 *
 * <p>Used from one thread. A failing event does not end the session: the caller decides.
 */
public final class ScriptSession implements AutoCloseable {
    private final RunContext run;
    private final EventScheduler scheduler = new EventScheduler();
    private final SentSegments sent;
    private final PacketSteps packets;
    private final OutboundSteps outbound;
    private final SyscallSteps syscalls;
    private final CheckSteps checks;

    ScriptSession(RunContext run, ExecutionMode mode) {
        this.run = run;
        this.sent = new SentSegments(run, mode);
        this.packets = new PacketSteps(run);
        this.outbound = new OutboundSteps(run, sent);
        this.syscalls = new SyscallSteps(run);
        this.checks = new CheckSteps(run);
    }

    /**
     * Starts the target (time zero is now) and opens an interactive session on it.
     *
     * @param workingDirectory where backtick commands run
     * @param listener told of every packet the stack sends, in send order, as the session sees it
     * @throws TargetException when the target cannot start; it is closed then
     */
    public static ScriptSession start(Target target, RunOptions options, Path workingDirectory,
                                      Consumer<ObservedSegment> listener) throws TargetException {
        TargetConfig config = target.configure(TargetConfig.defaults(options.ipMode()));
        Tolerance tolerance = Tolerance.PACKETDRILL_DEFAULT;
        if (options.toleranceUsecs().isPresent() && options.toleranceUsecs().get() > tolerance.usecs()) {
            tolerance = tolerance.withUsecs(options.toleranceUsecs().get());
        }
        Map<String, String> environment = Map.of("PACKETDRILL_PID", Long.toString(ProcessHandle.current().pid()));
        RunContext run = new RunContext(target, new ScriptSettings(tolerance, config, 8080, 8080, 0, false, false,
                false, false, false, false, java.util.List.of()), workingDirectory, environment);
        try {
            target.start(config);
        } catch (TargetException | RuntimeException e) {
            target.close();
            throw e;
        }
        return new ScriptSession(run, new ExecutionMode.Interactive(listener));
    }

    public Target target() {
        return run.target;
    }

    public long nowMicros() {
        return run.target.nowMicros();
    }

    /** Everything that happened so far, for pcap files and diagrams. */
    public List<TraceEntry> trace() {
        return List.copyOf(run.trace);
    }

    /** Runs one event at its time (now, if it has none). */
    public EventOutcome runEvent(Event event) {
        Verdict verdict = new Verdict.Pass();
        Optional<Integer> matched = Optional.empty();
        ScheduledTime when = null;
        try {
            // A blocking call that returned meanwhile is checked before this event is anchored in time.
            syscalls.checkPending();
            if (run.scriptZeroMicros < 0) {
                run.scriptZeroMicros = run.target.nowMicros();
            }
            when = scheduler.schedule(event, run.anchorMicros());
            matched = perform(event, when);
        } catch (StopRun stop) {
            verdict = stop.verdict();
        } catch (RuntimeException e) {
            // A bug of ours must not look like the stack's fault, nor escape as a stack trace.
            verdict = new Verdict.Fail(RunFailure.of(event.span(), "internal error in jdrill: " + e));
        }
        if (when == null) {
            when = scheduler.schedule(event, run.target.nowMicros());
        }
        scheduler.done(event, when);
        Optional<Long> blockingEnd = event.action() instanceof Syscall s && s.end().isPresent()
                ? Optional.of(EventScheduler.blockingEnd(event, s.end().get(), when)) : Optional.empty();
        return new EventOutcome(verdict, when.start(), blockingEnd, matched);
    }

    private Optional<Integer> perform(Event event, ScheduledTime when) throws StopRun {
        long gap = scheduler.hasPrevious() ? when.start() - scheduler.previousScheduled() : 0;
        long slack = run.tolerance.allowedFor(Math.max(0, gap));
        Optional<Integer> matched = Optional.empty();
        if (!(event.action() instanceof TcpPacket p && p.direction() == Direction.OUTBOUND)) {
            // What the stack sends before the event's time is reported as it comes, not after the event.
            takeAsSent(event, when.start());
        }
        switch (event.action()) {
            case TcpPacket p when p.direction() == Direction.INBOUND -> packets.inbound(event, p, when, slack);
            case TcpPacket p -> matched = Optional.of(outbound.expect(event, p, when, slack));
            case UdpPacket u -> throw StopRun.skip("UDP packets are not supported yet (line " + event.span().line() + ")");
            case IcmpPacket i when i.direction() == Direction.INBOUND -> packets.inboundIcmp(event, i, when, slack);
            case IcmpPacket i -> throw StopRun.skip("expected (outbound) ICMP packets are not supported yet (line "
                    + event.span().line() + ")");
            case Syscall s -> syscalls.call(event, s, when, slack);
            case Command c -> {
                waitUntil(when.start(), event);
                checks.command(c.span(), c.text());
            }
            case Code c -> {
                waitUntil(when.start(), event);
                checks.code(event, c);
            }
            case StateAssertion s -> {
                waitUntil(when.start(), event);
                syscalls.checkPending();
                checks.state(event, s);
            }
        }
        takeAsSent(event, run.target.nowMicros());
        return matched;
    }

    /** The end of the script, or of the REPL's input: a blocking call in progress must return by its own time. */
    public Verdict finish() {
        try {
            syscalls.finishPending(run.target.nowMicros(), false);
            return new Verdict.Pass();
        } catch (StopRun stop) {
            return stop.verdict();
        }
    }

    /**
     * Lets time pass until {@code timeMicros} (on the engine, virtual time: instantly), reporting every
     * packet sent meanwhile; a blocking call that returns meanwhile is checked.
     */
    public Verdict advanceTo(long timeMicros, Event context) {
        try {
            takeAsSent(context, timeMicros);
            waitUntil(timeMicros, context);
            takeAsSent(context, run.target.nowMicros());
            syscalls.checkPending();
            return new Verdict.Pass();
        } catch (StopRun stop) {
            return stop.verdict();
        } catch (RuntimeException e) {
            return new Verdict.Fail(RunFailure.of(context.span(), "internal error in jdrill: " + e));
        }
    }

    private void waitUntil(long timeMicros, Event event) throws StopRun {
        try {
            run.target.waitUntil(timeMicros);
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    /** An interactive session takes off and reports what the stack sent by then; a batch run leaves it queued. */
    private void takeAsSent(Event event, long timeMicros) throws StopRun {
        try {
            sent.takeAsSent(timeMicros);
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    /**
     * The connections the script has created or accepted, and the one under test, with what the target
     * tells about each through the {@link Target} seam alone (state, and TCP_INFO while an fd is open).
     */
    public List<SessionConnection> connections() {
        Map<ScriptConnection, Optional<Integer>> known = new LinkedHashMap<>();
        run.connectionByScriptFd.forEach((fd, c) -> known.putIfAbsent(c, Optional.of(fd)));
        run.current.ifPresent(c -> known.putIfAbsent(c, Optional.empty()));
        List<SessionConnection> out = new ArrayList<>();
        known.forEach((c, scriptFd) -> {
            Optional<Integer> liveFd = scriptFd.flatMap(run.fds::live);
            ConnectionKey key = new ConnectionKey(c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort());
            TcpState state;
            Map<String, Long> info = Map.of();
            try {
                boolean handshakeSeen = c.localIsnKnown() || c.remoteIsnKnown();
                state = handshakeSeen ? run.target.connectionState(key)
                        : liveFd.isPresent() ? run.target.socketState(liveFd.get()) : TcpState.CLOSED;
                if (liveFd.isPresent()) {
                    info = run.target.tcpInfo(liveFd.get());
                }
            } catch (TargetException | RuntimeException e) {
                state = TcpState.CLOSED;
            }
            out.add(new SessionConnection(scriptFd, key, state, run.current.orElse(null) == c, info));
        });
        return out;
    }

    /** Script fd by live fd, for the fds still open: users read and write script fds. */
    public Map<Integer, Integer> scriptFdsByLiveFd() {
        Map<Integer, Integer> byLive = new java.util.HashMap<>();
        run.fds.all().forEach((script, live) -> byLive.put(live, script));
        return byLive;
    }

    /** Closes the target: sockets, threads, devices. */
    @Override
    public void close() {
        run.target.close();
    }
}
