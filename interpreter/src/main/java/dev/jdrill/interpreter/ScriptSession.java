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
 * Runs a script's events one at a time on a live target, keeping everything between them (the fd
 * mapping, the connection under test, its ISNs, the clock): what the REPL drives. Each event means
 * what it means in a script run ({@link ScriptRunner}); in addition every packet the stack sends is
 * taken off the target's queue as it is sent and handed to the listener (see {@link SessionOutbound}),
 * and an event without a time ({@link EventTime.Now}) happens now — for a {@code >} line, that means it
 * matches a segment already reported, whenever it was sent.
 *
 * <p>Used from one thread. A failing event does not end the session.
 */
public final class ScriptSession implements AutoCloseable {
    private final RunContext run;
    private final EventScheduler scheduler = new EventScheduler();
    private final PacketSteps packets;
    private final SyscallSteps syscalls;
    private final CheckSteps checks;
    private final SessionOutbound outbound;

    private ScriptSession(RunContext run, Consumer<ObservedSegment> listener) {
        this.run = run;
        this.packets = new PacketSteps(run);
        this.syscalls = new SyscallSteps(run);
        this.checks = new CheckSteps(run);
        this.outbound = new SessionOutbound(run, listener);
    }

    /**
     * Starts the target (time zero is now) and opens a session on it.
     *
     * @param workingDirectory where backtick commands run
     * @param listener told of every packet the stack sends, in send order, as the session sees it
     * @throws TargetException when the target cannot start; it is closed then
     */
    public static ScriptSession start(Target target, RunOptions options, Path workingDirectory,
                                      Consumer<ObservedSegment> listener) throws TargetException {
        TargetConfig config = TargetConfig.defaults(options.ipMode());
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
        return new ScriptSession(run, listener);
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

    /** Every packet the stack sent so far, in send order. */
    public List<ObservedSegment> sent() {
        return outbound.all();
    }

    /** Runs one event now (or at its time), reporting whatever the stack sends meanwhile. */
    public EventOutcome runEvent(Event event) {
        boolean untimed = event.time() instanceof EventTime.Now;
        boolean expectation = event.action() instanceof TcpPacket p && p.direction() == Direction.OUTBOUND;
        long now = run.target.nowMicros();
        ScheduledTime when = scheduler.schedule(event, now);
        Optional<Long> blockingEnd = event.action() instanceof Syscall s && s.end().isPresent()
                ? Optional.of(EventScheduler.blockingEnd(event, s.end().get(), when)) : Optional.empty();
        Optional<Integer> matched = Optional.empty();
        Verdict verdict = new Verdict.Pass();
        try {
            syscalls.checkPending();
            long gap = scheduler.hasPrevious() ? when.start() - scheduler.previousScheduled() : 0;
            long slack = run.tolerance.allowedFor(Math.max(0, gap));
            if (!expectation) {
                outbound.forgetUnasserted();
                // Report what the stack sends before the event's time as it comes, not after the event.
                drainUntil(event, when.start());
            }
            switch (event.action()) {
                case TcpPacket p when p.direction() == Direction.INBOUND -> packets.inbound(event, p, when, slack);
                case TcpPacket p -> matched = Optional.of(outbound.expect(event, p, when, slack, untimed));
                case UdpPacket u -> throw StopRun.skip("UDP packets are not supported yet");
                case IcmpPacket i when i.direction() == Direction.INBOUND -> packets.inboundIcmp(event, i, when, slack);
                case IcmpPacket i -> throw StopRun.skip("expected (outbound) ICMP packets are not supported yet");
                case Syscall s -> syscalls.call(event, s, when, slack);
                case Command c -> checks.command(c.span(), c.text());
                case Code c -> checks.code(event, c);
                case StateAssertion s -> {
                    syscalls.checkPending();
                    checks.state(event, s);
                }
            }
            drainUntil(event, run.target.nowMicros());
        } catch (StopRun stop) {
            verdict = stop.verdict();
        } catch (RuntimeException e) {
            // A bug of ours must not end the session nor show a stack trace.
            verdict = new Verdict.Fail(RunFailure.of(event.span(), "internal error in jdrill: " + e));
        }
        scheduler.done(event, when);
        return new EventOutcome(verdict, when.start(), blockingEnd, matched);
    }

    /**
     * Lets time pass until {@code timeMicros} (on the engine, virtual time: instantly), reporting every
     * packet sent meanwhile; a blocking call that returns meanwhile is checked.
     */
    public Verdict advanceTo(long timeMicros, Event context) {
        outbound.forgetUnasserted();
        try {
            drainUntil(context, timeMicros);
            try {
                run.target.waitUntil(timeMicros);
            } catch (TargetException e) {
                throw RunContext.stop(e, context);
            }
            drainUntil(context, run.target.nowMicros());
            syscalls.checkPending();
            return new Verdict.Pass();
        } catch (StopRun stop) {
            return stop.verdict();
        } catch (RuntimeException e) {
            return new Verdict.Fail(RunFailure.of(context.span(), "internal error in jdrill: " + e));
        }
    }

    private void drainUntil(Event event, long timeMicros) throws StopRun {
        try {
            outbound.drainUntil(timeMicros);
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
