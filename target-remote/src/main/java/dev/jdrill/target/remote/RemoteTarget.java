package dev.jdrill.target.remote;

import dev.jdrill.interpreter.command.TunableCommands;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallsInProgress;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.linux.DefaultRoutes;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.target.linux.RealFdCalls;
import dev.jdrill.target.remote.control.AgentClient;
import dev.jdrill.target.remote.control.AgentToken;
import dev.jdrill.target.remote.link.EthernetLink;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another host as a target, over the wire: the script's segments are injected and the host's captured
 * on an interface through a packet socket ({@link EthernetLink}), jdrill playing the script's peer
 * address; socket calls, state queries, sysctls and commands go to a {@code jdrill agent} on the host
 * ({@link AgentClient}). Without an agent, scripts with no socket calls test a server already running
 * there ({@code --remote-port}).
 *
 * <p>Time is this machine's wall clock from {@link #start}; packet times are read times on the
 * interface here, call times are the agent's, mapped onto ours (see {@link AgentClient}).
 */
public final class RemoteTarget implements Target {
    private static final long CALL_SETTLE_NANOS = 60_000_000_000L;

    private final Map<String, String> rawSettings;
    private final CallsInProgress calls = new CallsInProgress();
    private final ScriptFlows flows = new ScriptFlows();
    private static final int PORT_BLOCKS = 400;
    /**
     * Blocks of 100 peer ports, handed out in turn to the runs of this JVM from a random first block. A
     * random block per run collided within a minute often enough (60 scripts over 400 blocks) that a SYN
     * met an earlier run's TIME_WAIT on the host and drew its ACK instead of a SYN-ACK.
     */
    private static final AtomicInteger NEXT_PORT_BLOCK =
            new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(PORT_BLOCKS));
    /** Fresh per run: see {@link #firstPeerPort}. */
    private final int firstPeerPort = 20_000 + Math.floorMod(NEXT_PORT_BLOCK.getAndIncrement(), PORT_BLOCKS) * 100;
    private RemoteSettings settings;
    private TargetConfig config;
    private EthernetLink link;
    private AgentClient agent;
    private volatile long zeroNanos;
    /** Without an agent and with --remote-port: the script's own port for the server, learned from the first injection. */
    private int scriptServerPort = -1;
    private boolean closed;
    /** The interpreter thread, reniced for the script's duration as on the linux target, and its old nice. */
    private int callerTid = -1;
    private int callerNice;

    RemoteTarget(Map<String, String> settings) {
        this.rawSettings = Map.copyOf(settings);
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public boolean virtualTime() {
        return false;
    }

    /** The host under test takes the script's local address; jdrill plays the remote one (or --peer-address). */
    @Override
    public TargetConfig configure(TargetConfig defaults) {
        try {
            RemoteSettings s = RemoteSettings.from(rawSettings);
            InetAddress peer = s.peerAddress().orElse(defaults.remoteAddress());
            if ((s.remoteHost() instanceof Inet4Address) != (defaults.localAddress() instanceof Inet4Address)
                    || (peer instanceof Inet4Address) != (s.remoteHost() instanceof Inet4Address)) {
                return defaults; // start() says why this cannot work
            }
            return defaults.withAddresses(s.remoteHost(), peer, defaults.gateway(), defaults.localPrefixLength(),
                    defaults.remotePrefixLength());
        } catch (RemoteSettings.Invalid e) {
            return defaults;
        }
    }

    /** The host under test keeps earlier runs' connections (TIME_WAIT): each run opens from other ports. */
    @Override
    public int firstPeerPort() {
        return firstPeerPort;
    }

    @Override
    public void start(TargetConfig targetConfig) throws TargetException {
        try {
            settings = RemoteSettings.from(rawSettings);
        } catch (RemoteSettings.Invalid e) {
            throw new TargetException(e.getMessage());
        }
        config = targetConfig;
        if (!config.localAddress().equals(settings.remoteHost())) {
            throw new UnsupportedByTargetException("the script speaks " + config.ipVersion().flag() + " but --remote-host "
                    + settings.remoteHost().getHostAddress() + " is not of that family");
        }
        if (!settings.allowDefaultRoute() && DefaultRoutes.carries(settings.interfaceName())) {
            throw new TargetException("refusing to inject on " + settings.interfaceName()
                    + ": it carries this machine's default route (add --allow-default-route if you mean it)");
        }
        try {
            link = EthernetLink.open(settings.interfaceName(), config.localAddress(), config.remoteAddress(),
                    settings.remoteMac());
            if (settings.agent().isPresent()) {
                agent = AgentClient.connect(settings.agent().get(), AgentToken.load(settings.tokenFile()),
                        config.ipVersion() == TargetConfig.IpMode.IPV4_MAPPED_IPV6);
            }
        } catch (LinuxException | IOException e) {
            close();
            throw new TargetException(e.getMessage(), e);
        }
        link.drain();
        callerTid = dev.jdrill.linux.Syscalls.gettid();
        callerNice = dev.jdrill.linux.ThreadPriority.raiseCurrent();
        zeroNanos = System.nanoTime();
    }

    @Override
    public long nowMicros() {
        return (System.nanoTime() - zeroNanos) / 1000;
    }

    private long nanosAt(long micros) {
        return zeroNanos + micros * 1000;
    }

    @Override
    public void waitUntil(long timeMicros) {
        long target = nanosAt(timeMicros);
        long remaining;
        while ((remaining = target - System.nanoTime()) > 0) {
            if (remaining > 300_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(remaining - 200_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void inject(IpPacket packet) throws TargetException {
        try {
            IpPacket onWire = PortRewrite.inbound(packet, this);
            flows.injected(onWire);
            link.inject(onWire);
        } catch (LinuxException | IllegalArgumentException e) {
            throw new TargetException("injecting a packet failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SentPacket> nextOutbound(long deadlineMicros) throws TargetException {
        try {
            Optional<EthernetLink.Captured> c;
            do {
                c = link.next(0);
                if (c.isEmpty()) {
                    c = link.next(Math.max(0, nanosAt(deadlineMicros) - System.nanoTime()));
                }
            } while (c.isPresent() && !flows.captured(c.get().packet()));
            if (c.isEmpty()) {
                Optional<String> failure = link.failure();
                if (failure.isPresent()) {
                    throw new TargetException(failure.get());
                }
                return Optional.empty();
            }
            return Optional.of(new SentPacket(PortRewrite.outbound(c.get().packet(), this),
                    (c.get().readNanos() - zeroNanos) / 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for a packet");
        }
    }

    /** The port of the server already running on the host, when there is no agent. */
    Optional<Integer> remotePort() {
        return agent == null ? settings.remotePort() : Optional.empty();
    }

    int scriptServerPort() {
        return scriptServerPort;
    }

    void scriptServerPort(int port) {
        scriptServerPort = port;
    }

    @Override
    public CallHandle startCall(SocketCall call) throws TargetException {
        return begin(call, false);
    }

    @Override
    public CallHandle startBlockingCall(SocketCall call) throws TargetException {
        return begin(call, true);
    }

    private AgentClient agent(String what) throws UnsupportedByTargetException {
        if (agent == null) {
            throw new UnsupportedByTargetException(what + " needs a jdrill agent on the remote host (--agent HOST:PORT)");
        }
        return agent;
    }

    private CallHandle begin(SocketCall call, boolean blocking) throws TargetException {
        AgentClient a = agent(call.name() + "()");
        if (!RealFdCalls.supports(call)) {
            throw new UnsupportedByTargetException("the remote target does not implement " + call.name() + "()");
        }
        long started = nowMicros();
        long id = calls.nextId();
        try {
            CompletableFuture<CallOutcome> f = a.call(id, call, blocking)
                    .thenApply(o -> new CallOutcome(o.returnValue(), o.errno(), o.outputs(),
                            (a.toLocalNanos(o.completedMicros() * 1000) - zeroNanos) / 1000));
            return calls.register(id, call, started, f);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (AgentClient.AgentError e) {
            throw agentError(e);
        }
    }

    private static TargetException agentError(AgentClient.AgentError e) {
        return e.unsupported() ? new UnsupportedByTargetException(e.getMessage()) : new TargetException(e.getMessage());
    }

    @Override
    public Optional<CallOutcome> pollCall(CallHandle call) {
        return calls.poll(call);
    }

    @Override
    public Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) throws TargetException {
        return calls.await(call, Math.min(CALL_SETTLE_NANOS, nanosAt(deadlineMicros) - System.nanoTime()));
    }

    @Override
    public TcpState connectionState(ConnectionKey c) throws TargetException {
        try {
            int state = agent("a state assertion").connectionState(c.localAddress(), c.localPort(), c.remoteAddress(),
                    c.remotePort());
            return state < 0 ? TcpState.CLOSED : TcpState.fromLinux(state).orElse(TcpState.CLOSED);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (AgentClient.AgentError e) {
            throw agentError(e);
        }
    }

    @Override
    public TcpState socketState(int liveFd) throws TargetException {
        long state = tcpInfo(liveFd).getOrDefault("tcpi_state", -1L);
        return TcpState.fromLinux((int) state)
                .orElseThrow(() -> new TargetException("fd " + liveFd + " reports unknown TCP state " + state));
    }

    @Override
    public Map<String, Long> tcpInfo(int liveFd) throws TargetException {
        try {
            return agent("TCP_INFO").tcpInfo(liveFd);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (AgentClient.AgentError e) {
            throw agentError(e);
        }
    }

    @Override
    public void setSysctl(String name, String value) throws TargetException {
        if (!name.startsWith("net.")) {
            throw new UnsupportedByTargetException("the remote target only sets net.* sysctls, not " + name);
        }
        try {
            agent("setting " + name).setSysctl(name, value);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (AgentClient.AgentError e) {
            throw agentError(e);
        }
    }

    /**
     * A command that only sets sysctls goes through {@link #setSysctl}, so the agent puts the values back
     * after the script (the host under test outlives it); anything else runs in the agent's shell.
     */
    @Override
    public CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        TunableCommands.Interpretation tunables = TunableCommands.interpret(command, workingDirectory);
        if (tunables.notUnderstood().isEmpty() && !tunables.settings().isEmpty()) {
            for (TunableCommands.Setting s : tunables.settings()) {
                setSysctl(s.name(), s.value());
            }
            return new CommandOutcome(0, "");
        }
        try {
            return agent("a backtick command").command(command, workingDirectory.toString(), environment);
        } catch (IOException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (AgentClient.AgentError e) {
            throw agentError(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (agent != null) {
            agent.close();
        }
        if (link != null) {
            link.close();
        }
        calls.clear();
        if (callerTid > 0) {
            dev.jdrill.linux.ThreadPriority.restore(callerTid, callerNice);
        }
    }
}
