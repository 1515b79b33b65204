package dev.jdrill.target.engine;

import dev.jdrill.engine.Endpoint;
import dev.jdrill.engine.OutboundPacket;
import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.engine.Tunables;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.ConnectionSnapshot;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.TargetIntrospection;
import dev.jdrill.interpreter.target.Targets;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bundled engine as a {@link Target}: virtual time that moves only when the interpreter waits,
 * and then from timer to timer (a 924 s retransmission ladder costs microseconds). A blocking call
 * that cannot complete is retried after every state change — each injected packet and each fired
 * timer — exactly as a sleeping thread re-checks its wait condition on every wakeup. As in packetdrill,
 * other calls may be made while one blocks (the script's main thread); they can unblock it.
 */
public final class EngineTarget implements Target, TargetIntrospection {
    private TcpStack stack;
    private EngineSocketCalls calls;
    private EngineSysctls sysctls;
    private int mtu;
    /** Created by the first backtick command, removed by {@link #close}. */
    private Optional<EngineShell> shell = Optional.empty();
    private final ArrayDeque<SentPacket> outbound = new ArrayDeque<>();
    private long now;
    private long nextCallId;
    /** Calls that would block, in the order they started: retried after every state change. */
    private final List<CallHandle> pending = new ArrayList<>();
    /** Live fds closed while a blocked call still used them: closed for real when it returns. */
    private final Set<Integer> deferredCloses = new HashSet<>();
    /** Outcomes by call id; only the most recent few are kept (each is fetched once or twice). */
    private final Map<Long, CallOutcome> completed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CallOutcome> eldest) {
            return size() > 64;
        }
    };

    @Override
    public String name() {
        return Targets.ENGINE;
    }

    @Override
    public boolean virtualTime() {
        return true;
    }

    private java.util.Optional<String> unsupportedOption = java.util.Optional.empty();

    @Override
    public void start(TargetConfig config) {
        // Options whose meaning lives in the kernel's device layer (GSO, link speed): the engine has neither,
        // so the first injected packet ends the run with a SKIP that names the option.
        unsupportedOption = config.gsoMss() > 0 ? java.util.Optional.of("--mss (injecting GSO packets)")
                : config.speedMbps() > 0 ? java.util.Optional.of("--speed (a device link speed)")
                : java.util.Optional.empty();
        stack = new TcpStack(List.of(config.localAddress()), new Tunables(), config.mtu(), 0x6a64_7269_6c6cL);
        calls = new EngineSocketCalls(stack, config.localAddress(), config.remoteAddress());
        sysctls = new EngineSysctls(stack.tunables());
        mtu = config.mtu();
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
            var next = earliest(stack.nextDeadline(), pollExpiry());
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
        if (unsupportedOption.isPresent()) {
            throw new dev.jdrill.interpreter.target.UnsupportedByTargetException(
                    "the engine target cannot honour " + unsupportedOption.get());
        }
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
        CallHandle handle = new CallHandle(nextCallId++, call, now);
        if (call instanceof SocketCall.Close && blockedOn(call.fd())) {
            // The blocked call holds a reference to the file (fdget), so close() only drops the fd:
            // the socket lives on until that call returns, which close() does not wake. Verified on
            // 6.18: a read() blocked on fd 4 still returns data that arrives after close(4).
            deferredCloses.add(call.fd());
            completed.put(handle.id(), CallOutcome.success(0, now));
            return handle;
        }
        EngineSocketCalls.Attempt a = calls.attempt(call, now);
        collect();
        if (!(a.result() instanceof SocketCallResult.WouldBlock)) {
            completed.put(handle.id(), outcome(a));
        }
        // A call that changed the stack's state may let a blocked one finish.
        retryPending();
        if (a.result() instanceof SocketCallResult.WouldBlock) {
            pending.add(handle);
        }
        return handle;
    }

    @Override
    public Optional<CallOutcome> pollCall(CallHandle call) {
        return Optional.ofNullable(completed.get(call.id()));
    }

    @Override
    public Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) throws TargetException {
        while (!completed.containsKey(call.id()) && isPending(call)) {
            var next = earliest(stack.nextDeadline(), pollExpiry());
            if (next.isEmpty() || next.getAsLong() > deadlineMicros) {
                advance(Math.max(now, deadlineMicros));
                break;
            }
            advance(Math.max(now, next.getAsLong()));
        }
        return pollCall(call);
    }

    /** The earliest time a blocked poll() runs out of time, if one is blocked with a timeout. */
    private java.util.OptionalLong pollExpiry() {
        java.util.OptionalLong first = java.util.OptionalLong.empty();
        for (CallHandle h : pending) {
            first = earliest(first, PollCalls.expiry(h));
        }
        return first;
    }

    private static java.util.OptionalLong earliest(java.util.OptionalLong a, java.util.OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.getAsLong() <= b.getAsLong() ? a : b;
    }

        private boolean isPending(CallHandle call) {
        for (CallHandle h : pending) {
            if (h.id() == call.id()) {
                return true;
            }
        }
        return false;
    }

    private boolean blockedOn(int fd) {
        for (CallHandle h : pending) {
            if (h.call().fd() == fd) {
                return true;
            }
        }
        return false;
    }

    /** Retries every blocked call (in the order they started) until none makes progress. */
    private void retryPending() throws TargetException {
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                CallHandle h = it.next();
                EngineSocketCalls.Attempt a = calls.attempt(h.call(), now);
                collect();
                if (a.result() instanceof SocketCallResult.WouldBlock && h.call() instanceof SocketCall.Poll p
                        && PollCalls.expiry(h).orElse(Long.MAX_VALUE) <= now) {
                    a = new EngineSocketCalls.Attempt(SocketCallResult.ok(0), PollCalls.timedOut(p)); // timed out
                }
                if (!(a.result() instanceof SocketCallResult.WouldBlock)) {
                    it.remove();
                    completed.put(h.id(), outcome(a));
                    releaseDeferredClose(h.call().fd());
                    progress = true;
                }
            }
        }
    }

    /** The last reference to a closed fd is gone: now the socket is really closed (tcp_close at fput). */
    private void releaseDeferredClose(int fd) {
        if (deferredCloses.contains(fd) && !blockedOn(fd)) {
            deferredCloses.remove(fd);
            stack.close(fd, now);
            collect();
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
    public Optional<List<ConnectionSnapshot>> connections() {
        return stack == null ? Optional.empty() : Optional.of(EngineSnapshots.connections(stack));
    }

    @Override
    public Optional<Map<String, String>> tunables() {
        return stack == null ? Optional.empty() : Optional.of(stack.tunables().values());
    }

    @Override
    public void setSysctl(String name, String value) throws TargetException {
        sysctls.set(name, value);
    }

    /**
     * Runs the command in a real shell whose network tools and /proc/sys are the engine's (see
     * {@link EngineShell}), then applies the sysctls it changed, in name order.
     */
    @Override
    public CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        if (shell.isEmpty()) {
            shell = Optional.of(EngineShell.create());
        }
        var sockets = stack.snapshots();
        var view = new EngineShell.EngineView(sysctls.values(), SsTable.render(sockets),
                ProcNetTcp.render(sockets, false), ProcNetTcp.render(sockets, true), mtu);
        EngineShell.Result r = shell.get().run(command, workingDirectory, environment, view);
        for (ProcSysTree.Change c : r.changes()) {
            sysctls.set(c.name(), c.value());
        }
        stack.setDeviceDropsAll(r.deviceDropsAll());
        if (r.tcpMetricsFlushed()) {
            stack.flushTcpMetrics();
        }
        return r.outcome();
    }

    @Override
    public void close() {
        shell.ifPresent(EngineShell::close);
        shell = Optional.empty();
        outbound.clear();
        pending.clear();
        deferredCloses.clear();
        completed.clear();
    }
}
