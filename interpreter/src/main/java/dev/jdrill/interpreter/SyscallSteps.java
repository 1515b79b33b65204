package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptConnection.Phase;
import dev.jdrill.interpreter.syscall.ArgumentEvaluator;
import dev.jdrill.interpreter.syscall.EvaluationException;
import dev.jdrill.interpreter.syscall.SyscallResultCheck;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import java.util.Optional;

/**
 * Socket calls (run_system_call.c). A call without an end time must return at once; a blocking one
 * ({@code 0...0.5 read(...)}) runs while later events go on, and its return is checked against its end
 * time, with the tolerance computed over its own duration. One blocking call at a time.
 */
final class SyscallSteps {
    /** How long a wall-clock target may take over a call the script says does not block. */
    private static final long NON_BLOCKING_GRACE_MICROS = 1_000_000;

    private record PendingCall(Event event, Syscall syscall, CallHandle handle, long expectedEnd, long start) {
    }

    private final RunContext run;
    private Optional<PendingCall> pending = Optional.empty();

    SyscallSteps(RunContext run) {
        this.run = run;
    }

    void call(Event event, Syscall syscall, ScheduledTime when, long slack) throws StopRun {
        try {
            checkPending();
            if (syscall.end().isPresent() && pending.isPresent()) {
                // packetdrill waits up to a second for the previous blocking call, then gives up.
                finishPending(run.target.nowMicros() + (run.target.virtualTime() ? 0 : NON_BLOCKING_GRACE_MICROS), true);
            }
            run.target.waitUntil(when.start());
            checkPending();
            SocketCall call = run.planner.plan(syscall, run.fds);
            beforeCall(syscall, call);
            CallHandle handle = syscall.end().isPresent() ? run.target.startBlockingCall(call) : run.target.startCall(call);
            if (syscall.end().isPresent()) {
                long end = EventScheduler.blockingEnd(event, syscall.end().get(), when);
                pending = Optional.of(new PendingCall(event, syscall, handle, end, when.start()));
                checkPending();
                return;
            }
            long limit = run.target.nowMicros() + (run.target.virtualTime() ? 0 : NON_BLOCKING_GRACE_MICROS);
            Optional<CallOutcome> outcome = run.target.awaitCall(handle, limit);
            if (outcome.isEmpty()) {
                throw RunContext.fail(event.span(), syscall.name() + "() blocked; if the script means it to block, "
                        + "give its end time (e.g. " + ScheduledTime.seconds(when.start()) + "...END " + syscall.name() + "(...))");
            }
            verify(event, syscall, outcome.get(), handle);
            run.callEnded(outcome.get().completedMicros());
        } catch (EvaluationException e) {
            throw RunContext.fail(e.span(), e.getMessage());
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    /** Checks a blocking call that has returned meanwhile. */
    void checkPending() throws StopRun {
        if (pending.isEmpty()) {
            return;
        }
        Optional<CallOutcome> outcome = run.target.pollCall(pending.get().handle());
        if (outcome.isPresent()) {
            complete(pending.get(), outcome.get());
        }
    }

    /** At the end of the script, or before another blocking call: the pending call must return by then. */
    void finishPending(long waitUntilMicros, boolean anotherCall) throws StopRun {
        if (pending.isEmpty()) {
            return;
        }
        PendingCall p = pending.get();
        try {
            // The call may still be on its way back: give it until the end of its own tolerance window.
            long limit = Math.max(waitUntilMicros, p.expectedEnd() + slackFor(p));
            Optional<CallOutcome> outcome = run.target.awaitCall(p.handle(), limit);
            if (outcome.isEmpty()) {
                throw RunContext.fail(p.event().span(), anotherCall
                        ? "blocking system call while another blocking system call is already in progress"
                        : "exiting while a blocking system call is in progress");
            }
            complete(p, outcome.get());
        } catch (TargetException e) {
            throw RunContext.stop(e, p.event());
        }
    }

    private void complete(PendingCall p, CallOutcome outcome) throws StopRun {
        pending = Optional.empty();
        try {
            verify(p.event(), p.syscall(), outcome, p.handle());
        } catch (EvaluationException e) {
            throw RunContext.fail(e.span(), e.getMessage());
        }
        long slack = slackFor(p);
        ScheduledTime end = ScheduledTime.at(p.expectedEnd());
        if (!end.accepts(outcome.completedMicros(), slack)) {
            throw StopRun.fail(RunFailure.of(p.event().span(), "timing error: expected system call return "
                            + end.describe(slack) + " but happened at " + ScheduledTime.seconds(outcome.completedMicros()) + " s")
                    .withTiming("expected return " + end.describe(slack) + ", returned at "
                            + ScheduledTime.seconds(outcome.completedMicros()) + " s")
                    .withExplanation(outcome.completedMicros() < p.expectedEnd()
                            ? "The call returned before the script expected it to stop blocking."
                            : "The call blocked longer than the script expected."));
        }
    }

    private long slackFor(PendingCall p) {
        return run.tolerance.allowedFor(p.expectedEnd() - p.start());
    }

    private void verify(Event event, Syscall syscall, CallOutcome outcome, CallHandle handle)
            throws StopRun, EvaluationException {
        run.trace.add(new TraceEntry.CallReturned(outcome.completedMicros(), handle.startedMicros(),
                callText(syscall, outcome), event.span().line()));
        Optional<String> mismatch = SyscallResultCheck.mismatch(syscall, outcome, run.tolerance.usecs(), Math.max(run.scriptZeroMicros, 0));
        if (mismatch.isPresent()) {
            throw StopRun.fail(RunFailure.of(event.span(), "runtime error in " + syscall.name() + " call: " + mismatch.get())
                    .withExplanation(explain(syscall, outcome)));
        }
        afterCall(syscall, handle.call(), outcome);
    }

    private static String callText(Syscall syscall, CallOutcome outcome) {
        return syscall.name() + "() = " + outcome.returnValue()
                + outcome.errno().map(e -> " " + e.name() + " (" + e.description() + ")").orElse("");
    }

    private static String explain(Syscall syscall, CallOutcome outcome) {
        if (outcome.errno().isPresent()) {
            return "The stack failed " + syscall.name() + "() with " + outcome.errno().get().name() + " ("
                    + outcome.errno().get().description() + ").";
        }
        return "The stack's " + syscall.name() + "() returned " + outcome.returnValue() + ".";
    }

    /**
     * A socket disconnected with AF_UNSPEC connects again: a new connection, whose port and ISN come from
     * its own SYN (the kernel may pick another local port), under the same script fd.
     */
    private ScriptConnection reconnecting(Syscall syscall) {
        ScriptConnection fresh = run.newConnection(run.bindPort, run.connectPort);
        try {
            bindScriptFd((int) ArgumentEvaluator.integer(syscall.args().getFirst()), fresh);
        } catch (EvaluationException e) {
            throw new IllegalStateException("connectionOf found this fd a moment ago", e);
        }
        return fresh;
    }

    /** What a call's start teaches about the connection under test (packetdrill's socket states). */
    private void beforeCall(Syscall syscall, SocketCall call) {
        // sendto, and sendmsg with a msg_name, connect a new socket (TCP Fast Open), as in
        // run_system_call.c (run_syscall_connect with must_be_new_socket false).
        Optional<SocketValue.Address> implicit = switch (call) {
            case SocketCall.Send s when s.destination() instanceof SocketValue.Address a -> Optional.of(a);
            case SocketCall.Message m when m.send() && m.message() instanceof SocketValue.Struct s
                    && s.field("msg_name").orElse(SocketValue.UNSPECIFIED) instanceof SocketValue.Address a -> Optional.of(a);
            default -> Optional.empty();
        };
        if (implicit.isPresent()) {
            connectionOf(syscall).filter(c -> c.phase() == Phase.NEW).ifPresent(c -> {
                c.setPhase(Phase.CONNECTING);
                c.setRemotePort(implicit.get().port());
                run.current = Optional.of(c);
            });
        }
        if (call instanceof SocketCall.Connect && call.arg(1) instanceof SocketValue.Int) {
            // connect(fd, AF_UNSPEC, ...) disconnects: the socket is new again (packetdrill resets it to
            // SOCKET_NEW and keeps its numbering until a later connect() sends a new SYN).
            connectionOf(syscall).ifPresent(c -> c.setPhase(Phase.NEW));
        } else if (call instanceof SocketCall.Connect) {
            connectionOf(syscall).map(c -> c.phase() == Phase.NEW && c.localIsnKnown() ? reconnecting(syscall) : c)
                    .ifPresent(c -> {
                c.setPhase(Phase.CONNECTING);
                if (call.arg(1) instanceof SocketValue.Address a) {
                    c.setRemotePort(a.port());
                }
                run.current = Optional.of(c);
            });
        }
    }

    private void afterCall(Syscall syscall, SocketCall call, CallOutcome outcome) throws EvaluationException {
        long ret = outcome.returnValue();
        switch (call) {
            case SocketCall.Socket s -> {
                if (ret >= 0) {
                    int scriptFd = (int) ArgumentEvaluator.integer(syscall.result());
                    run.fds.bind(scriptFd, (int) ret);
                    ScriptConnection c = run.newConnection(run.bindPort, run.connectPort);
                    bindScriptFd(scriptFd, c);
                    run.current = Optional.of(c);
                }
            }
            case SocketCall.Listen l -> {
                if (ret == 0) {
                    connectionOf(syscall).ifPresent(c -> {
                        c.setPhase(Phase.LISTENING);
                        run.current = Optional.of(c);
                    });
                }
            }
            case SocketCall.Bind b -> {
                if (ret == 0 && call.arg(1) instanceof SocketValue.Address a) {
                    connectionOf(syscall).ifPresent(c -> c.setLocalPort(a.port()));
                }
            }
            case SocketCall.Accept a -> {
                if (ret >= 0) {
                    int scriptFd = (int) ArgumentEvaluator.integer(syscall.result());
                    run.fds.bind(scriptFd, (int) ret);
                    run.current.ifPresent(c -> bindScriptFd(scriptFd, c));
                }
            }
            case SocketCall.Close c -> {
                if (ret == 0) {
                    run.fds.unbind((int) ArgumentEvaluator.integer(syscall.args().getFirst()));
                }
            }
            case SocketCall.Pipe p -> {
                // pipe([5, 6]): the script names the read and write ends; the target returns the live pair.
                if (ret == 0 && !outcome.outputs().isEmpty() && outcome.outputs().getFirst() instanceof SocketValue.Array live
                        && ArgumentEvaluator.evaluate(syscall.args().getFirst()) instanceof SocketValue.Array named) {
                    for (int i = 0; i < Math.min(live.elements().size(), named.elements().size()); i++) {
                        run.fds.bind(named.elements().get(i).asLong().orElse(-1L).intValue(),
                                live.elements().get(i).asLong().orElse(-1L).intValue());
                    }
                }
            }
            case SocketCall.EpollCreate e -> bindNewFd(syscall, ret);
            case SocketCall.Open o -> bindNewFd(syscall, ret);
            default -> {
                // the other calls create no fd and change no connection's phase
            }
        }
    }

    /** The script's number for a new fd that is not a socket (epoll, open). */
    private void bindNewFd(Syscall syscall, long ret) throws EvaluationException {
        if (ret >= 0) {
            run.fds.bind((int) ArgumentEvaluator.integer(syscall.result()), (int) ret);
        }
    }

    private void bindScriptFd(int scriptFd, ScriptConnection c) {
        run.connectionByScriptFd.put(scriptFd, c);
        run.scriptFdByConnection.put(c, scriptFd);
        run.lastScriptFd = Optional.of(scriptFd);
    }

    private Optional<ScriptConnection> connectionOf(Syscall syscall) {
        if (syscall.args().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(run.connectionByScriptFd.get((int) ArgumentEvaluator.integer(syscall.args().getFirst())));
        } catch (EvaluationException e) {
            return Optional.empty();
        }
    }
}
