package dev.jdrill.interpreter.target.engine;

import dev.jdrill.engine.Endpoint;
import dev.jdrill.engine.OutboundPacket;
import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.engine.Tunables;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.Targets;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled engine as a {@link Target}: virtual time that moves only when the interpreter waits,
 * and then from timer to timer (a 924 s retransmission ladder costs microseconds). A blocking call
 * that cannot complete is retried after every state change — each injected packet and each fired
 * timer — exactly as a sleeping thread re-checks its wait condition on every wakeup.
 */
public final class EngineTarget implements Target {
    private TcpStack stack;
    private EngineSocketCalls calls;
    private final ArrayDeque<SentPacket> outbound = new ArrayDeque<>();
    private long now;
    private long nextCallId;
    private CallHandle pending;
    private CallHandle lastCompleted;
    private CallOutcome lastOutcome;

    @Override
    public String name() {
        return Targets.ENGINE;
    }

    @Override
    public boolean virtualTime() {
        return true;
    }

    @Override
    public void start(TargetConfig config) {
        stack = new TcpStack(List.of(config.localAddress()), new Tunables(), config.mtu(), 0x6a64_7269_6c6cL);
        calls = new EngineSocketCalls(stack, config.localAddress(), config.remoteAddress());
        now = 0;
    }

    @Override
    public long nowMicros() {
        return now;
    }

    @Override
    public void waitUntil(long timeMicros) throws TargetException {
        advance(timeMicros);
    }

    /** Moves the clock to {@code target}, firing timers on the way and retrying a blocked call after each. */
    private void advance(long target) throws TargetException {
        while (true) {
            var next = stack.nextDeadline();
            if (next.isEmpty() || next.getAsLong() > target) {
                break;
            }
            now = Math.max(now, next.getAsLong());
            stack.advanceTo(now);
            collect();
            retryPending();
        }
        now = Math.max(now, target);
        stack.advanceTo(now);
        collect();
        retryPending();
    }

    @Override
    public void inject(IpPacket packet) throws TargetException {
        stack.receive(packet, now);
        collect();
        retryPending();
    }

    @Override
    public Optional<SentPacket> nextOutbound(long deadlineMicros) throws TargetException {
        while (outbound.isEmpty()) {
            var next = stack.nextDeadline();
            if (next.isEmpty() || next.getAsLong() > deadlineMicros) {
                advance(Math.max(now, deadlineMicros));
                break;
            }
            advance(Math.max(now, next.getAsLong()));
        }
        SentPacket p = outbound.poll();
        if (p == null) {
            return Optional.empty();
        }
        now = Math.max(now, p.timeMicros());
        return Optional.of(p);
    }

    @Override
    public CallHandle startCall(SocketCall call) throws TargetException {
        if (pending != null) {
            throw new TargetException("a blocking call (" + pending.call() + ") is still in progress");
        }
        CallHandle handle = new CallHandle(nextCallId++, call, now);
        EngineSocketCalls.Attempt a = calls.attempt(call, now);
        collect();
        if (a.result() instanceof SocketCallResult.WouldBlock) {
            pending = handle;
        } else {
            lastCompleted = handle;
            lastOutcome = outcome(a);
            // A completed call can unblock nothing else (only one call runs at a time).
        }
        return handle;
    }

    @Override
    public Optional<CallOutcome> pollCall(CallHandle call) {
        if (lastCompleted != null && lastCompleted.id() == call.id()) {
            return Optional.of(lastOutcome);
        }
        return Optional.empty();
    }

    @Override
    public Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) throws TargetException {
        while (pending != null && pending.id() == call.id()) {
            var next = stack.nextDeadline();
            if (next.isEmpty() || next.getAsLong() > deadlineMicros) {
                advance(Math.max(now, deadlineMicros));
                break;
            }
            advance(Math.max(now, next.getAsLong()));
        }
        return pollCall(call);
    }

    private void retryPending() throws TargetException {
        if (pending == null) {
            return;
        }
        EngineSocketCalls.Attempt a = calls.attempt(pending.call(), now);
        collect();
        if (!(a.result() instanceof SocketCallResult.WouldBlock)) {
            lastCompleted = pending;
            lastOutcome = outcome(a);
            pending = null;
        }
    }

    private CallOutcome outcome(EngineSocketCalls.Attempt a) {
        return switch (a.result()) {
            case SocketCallResult.Done d -> CallOutcome.success(d.value(), now).withOutputs(a.outputs());
            case SocketCallResult.Failed f -> CallOutcome.failure(f.errno(), now);
            case SocketCallResult.WouldBlock w -> throw new IllegalStateException("a blocked call has no outcome yet");
        };
    }

    private void collect() {
        for (OutboundPacket p : stack.drainOutbound()) {
            outbound.add(new SentPacket(p.packet(), p.sentMicros()));
        }
    }

    @Override
    public TcpState connectionState(ConnectionKey c) {
        return stack.connectionState(new Endpoint(c.localAddress(), c.localPort()),
                new Endpoint(c.remoteAddress(), c.remotePort()));
    }

    @Override
    public TcpState socketState(int liveFd) {
        return stack.socketState(liveFd).orElse(TcpState.CLOSED);
    }

    @Override
    public Map<String, Long> tcpInfo(int liveFd) throws TargetException {
        return stack.tcpInfo(liveFd).orElseThrow(() -> new TargetException("fd " + liveFd + " is not open")).asMap();
    }

    @Override
    public void setSysctl(String name, String value) throws TargetException {
        if (!Tunables.isKnown(name)) {
            throw new UnsupportedByTargetException("the engine does not model sysctl " + name);
        }
        try {
            stack.tunables().set(name, value);
        } catch (IllegalArgumentException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    @Override
    public CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        throw new UnsupportedByTargetException("the engine cannot run shell commands (`" + command + "`)");
    }

    @Override
    public void close() {
        outbound.clear();
        pending = null;
    }
}
