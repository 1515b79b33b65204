package dev.jdrill.target.remote;

import dev.jdrill.linux.LinuxCapability;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.NamespaceThread;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Two machines joined by a cable, made of two network namespaces and a veth pair, for one test class:
 * {@code jdr-h-PID-N} is the host under test (192.168.0.1/16 and 10.99.0.2/24 on {@code vh}, a route
 * to the script's peer 192.0.2.1 through it), {@code jdr-w-PID-N} is jdrill's side (10.99.0.1/24 on
 * {@code vw}, where the packet socket is; it does not own 192.0.2.1, so its kernel leaves the host's
 * segments alone). The veth is created inside the namespaces, never in the root one. Agents run as
 * separate JVMs in the host namespace. {@link #close} — also run by a shutdown hook — kills the agents
 * and deletes both namespaces, which removes the veth; namespaces left by a crashed earlier run (their
 * pid is dead) are removed on creation.
 */
public final class TwoHostNetwork implements AutoCloseable {
    static final String HOST_ADDRESS = "192.168.0.1";
    static final String AGENT_ADDRESS = "10.99.0.2";
    static final String WIRE_INTERFACE = "vw";
    static final String TOKEN = "test-token-0123456789";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String hostNs;
    final String wireNs;
    final Path tokenFile;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;
    private NamespaceThread wireThread;
    private int wireNsFd = -1;
    private boolean closed;

    private TwoHostNetwork(String tag) throws IOException {
        hostNs = "jdr-h-" + tag;
        wireNs = "jdr-w-" + tag;
        tokenFile = Files.createTempFile("jdrill-agent-token", ".txt");
        Files.writeString(tokenFile, TOKEN + "\n");
        hook = new Thread(this::close, "two-host-network-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Aborts the test (or fails it under JDRILL_REQUIRE_LINUX=1) when namespaces cannot be made here. */
    public static TwoHostNetwork create() throws Exception {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
                throw new AssertionError("JDRILL_REQUIRE_LINUX=1 but " + u.reason());
            }
            Assumptions.abort(u.reason());
        }
        removeStale();
        TwoHostNetwork n = new TwoHostNetwork(ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            n.setUp();
            return n;
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
    }

    private void setUp() throws Exception {
        String h = hostNs;
        String w = wireNs;
        sh("ip netns add " + h + " && ip netns add " + w
                + " && ip -n " + w + " link add vw type veth peer name vh netns " + h
                + " && ip -n " + h + " link set lo up && ip -n " + w + " link set lo up"
                + " && ip -n " + h + " addr add " + HOST_ADDRESS + "/16 dev vh"
                + " && ip -n " + h + " addr add " + AGENT_ADDRESS + "/24 dev vh"
                + " && ip -n " + w + " addr add 10.99.0.1/24 dev vw"
                + " && ip -n " + h + " link set vh up && ip -n " + w + " link set vw up"
                + " && ip -n " + h + " route add 192.0.2.1/32 dev vh"
                // The scripts' windows assume the kernel's own tcp_rmem defaults (scripts/KERNEL-FACTS.md);
                // a fresh namespace copies whatever the root one has, so the host under test gets them back.
                + " && ip netns exec " + h + " sysctl -q -w net.ipv4.tcp_rmem='4096 131072 33554432'"
                // Real NICs fill checksums in; a veth leaves them to the receiver unless told.
                + " && (ip netns exec " + h + " ethtool -K vh tx off >/dev/null 2>&1 || true)");
        wireNsFd = (int) dev.jdrill.linux.Syscalls.open("/run/netns/" + w, 0x80000 /* O_RDONLY | O_CLOEXEC */)
                .orThrow("open /run/netns/" + w);
        wireThread = NamespaceThread.joining("jdrill-test-wire-side", wireNsFd);
    }

    /** Runs {@code task} on a thread in jdrill's namespace, where the packet socket must be opened. */
    public <T> T onWireSide(Callable<T> task) throws LinuxException {
        return wireThread.call(task);
    }

    /** The remote target's settings for this network. */
    public Map<String, String> settings(int agentPort) {
        Map<String, String> s = new LinkedHashMap<>(settingsWithoutAgent());
        s.put("agent", AGENT_ADDRESS + ":" + agentPort);
        s.put("agent-token-file", tokenFile.toString());
        return s;
    }

    Map<String, String> settingsWithoutAgent() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("interface", WIRE_INTERFACE);
        s.put("remote-host", HOST_ADDRESS);
        return s;
    }

    /** Starts {@code jdrill agent} as its own JVM in the host namespace; returns once it listens. */
    public Process startAgent(int port, boolean allowCommands) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", hostNs, java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.jdrill.target.remote.agent.AgentMain",
                "--listen", AGENT_ADDRESS + ":" + port, "--token-file", tokenFile.toString()));
        if (allowCommands) {
            cmd.add("--allow-commands");
        }
        return startAndWait(cmd, "jdrill agent listening");
    }

    /** Starts a process in the host namespace and waits for a line of its output. */
    Process startInHost(List<String> command, String readyLine) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", hostNs));
        cmd.addAll(command);
        return startAndWait(cmd, readyLine);
    }

    private Process startAndWait(List<String> cmd, String readyLine) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        synchronized (processes) {
            processes.add(p);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(readyLine)) {
                // Keep draining, so a chatty process never blocks on a full pipe.
                Thread.ofVirtual().start(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        stop(p);
        throw new IOException("'" + String.join(" ", cmd) + "' did not print '" + readyLine + "': " + seen);
    }

    static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every process started, with its descendants (ip netns exec's child is the JVM). */
    List<ProcessHandle> processTree() {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (processes) {
            for (Process p : processes) {
                all.add(p.toHandle());
                p.descendants().forEach(all::add);
            }
        }
        return all;
    }

    static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("`" + command + "` failed: " + out.strip());
        }
        return out;
    }

    /** Namespaces of earlier test JVMs that died before they could clean up. */
    private static void removeStale() throws IOException, InterruptedException {
        for (String line : sh("ip netns list").lines().toList()) {
            String name = line.split("\\s+")[0];
            if (name.matches("jdr-[hw]-\\d+-\\d+")) {
                long pid = Long.parseLong(name.split("-")[2]);
                if (ProcessHandle.of(pid).isEmpty()) {
                    sh("ip netns del " + name + " || true");
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Process> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        all.forEach(TwoHostNetwork::stop);
        if (wireThread != null) {
            wireThread.close();
        }
        if (wireNsFd >= 0) {
            dev.jdrill.linux.Syscalls.close(wireNsFd);
        }
        try {
            sh("ip netns del " + hostNs + " 2>/dev/null; ip netns del " + wireNs + " 2>/dev/null; true");
            Files.deleteIfExists(tokenFile);
        } catch (IOException | InterruptedException e) {
            System.err.println("cleaning up " + hostNs + "/" + wireNs + ": " + e.getMessage());
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
