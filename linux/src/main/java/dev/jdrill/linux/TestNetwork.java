package dev.jdrill.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One script's private network: a fresh namespace, {@code lo} up, and tun0 configured as packetdrill
 * configures its device (in_netns.sh, netdev.c, net_utils.c): the local address on tun0, the remote host
 * routed through tun0 via the gateway, the MTU (so the kernel advertises MSS = MTU - 40 for IPv4, - 60 for
 * IPv6), checksum/TSO offload, and nothing else. Closing it (or the JVM exiting) removes all of it.
 */
public final class TestNetwork implements AutoCloseable {
    public static final String DEVICE = "tun0";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);

    private final TestNetworkConfig config;
    private final NetworkNamespace namespace;
    private final TunDevice tun;
    private final SockDiag sockDiag;
    private boolean closed;

    private TestNetwork(TestNetworkConfig config, NetworkNamespace namespace, TunDevice tun, SockDiag sockDiag) {
        this.config = config;
        this.namespace = namespace;
        this.tun = tun;
        this.sockDiag = sockDiag;
    }

    public static TestNetwork create(TestNetworkConfig config) throws LinuxException {
        NetworkNamespace namespace = NetworkNamespace.create();
        TunDevice tun = null;
        SockDiag diag = null;
        try {
            tun = TunDevice.create(namespace, DEVICE);
            CommandResult setup = ShellCommand.run(namespace, setupScript(config, hostDefaultQdisc()), Path.of("/"), Map.of(), SETUP_TIMEOUT);
            if (!setup.succeeded()) {
                throw new LinuxException("configuring " + DEVICE + " failed (exit " + setup.exitStatus() + "): "
                        + setup.output().strip());
            }
            diag = namespace.call(SockDiag::open);
            tun.startReader();
            TestNetwork network = new TestNetwork(config, namespace, tun, diag);
            LiveResources.register(network);
            return network;
        } catch (LinuxException | RuntimeException e) {
            if (diag != null) {
                diag.close();
            }
            if (tun != null) {
                tun.close();
            }
            namespace.close();
            throw e;
        }
    }

    /**
     * The commands, run by /bin/sh inside the namespace with {@code set -e}: what packetdrill's in_netns.sh
     * and netdev.c do, in their order. No qdisc and no IPv6 tweaks: tun0 keeps the kernel's defaults (its
     * default qdisc, its link-local address, DAD — which a NOARP device skips), so a suite's own setup
     * script finds the device it finds under packetdrill and can {@code tc qdisc add dev tun0 root ...}.
     * The one exception is a host whose default qdisc paces (fq): tun0 then gets pfifo_fast, which a
     * suite's {@code tc qdisc add} replaces as it replaces the default.
     */
    static String setupScript(TestNetworkConfig c, String hostDefaultQdisc) {
        String dev = DEVICE;
        String family = c.ipv6() ? "-6" : "-4";
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
                "set -e",
                "ip link set dev lo up"));
        if (c.speedMbps() > 0) {
            // Before the device first comes up, so TCP's link-speed bound sees it (packetdrill takes it down
            // and up again for that).
            lines.add("ethtool -s " + dev + " speed " + c.speedMbps() + " autoneg off");
        }
        if (c.mtu() != TestNetworkConfig.TUN_DEFAULT_MTU) {
            lines.add("ip link set dev " + dev + " mtu " + c.mtu());
        }
        lines.add("ip link set dev " + dev + " up");
        if (PACING_QDISCS.contains(hostDefaultQdisc)) {
            lines.add("tc qdisc replace dev " + dev + " root pfifo_fast");
        }
        lines.add("ip " + family + " addr add " + c.local().getHostAddress() + "/" + c.localPrefixLength() + " dev " + dev);
        lines.add("ip " + family + " route add " + TestNetworkConfig.network(c.remote(), c.remotePrefixLength())
                + " dev " + dev + " via " + c.gateway().getHostAddress());
        lines.add("");
        return String.join("\n", lines);
    }

    /** Default qdiscs that pace TCP (so timings would not be packetdrill's). */
    private static final java.util.Set<String> PACING_QDISCS = java.util.Set.of("fq");

    /** The host's net.core.default_qdisc (a global sysctl a namespace cannot change), read only. */
    static String hostDefaultQdisc() {
        try {
            return Files.readString(Path.of("/proc/sys/net/core/default_qdisc")).strip();
        } catch (IOException e) {
            return "pfifo_fast";
        }
    }

    public TestNetworkConfig config() {
        return config;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public TunDevice tun() {
        return tun;
    }

    public SockDiag sockDiag() {
        return sockDiag;
    }

    /**
     * Runs a command with {@code /bin/sh -c} in the namespace, with {@code PACKETDRILL_PID} set as
     * packetdrill sets it (the corpus's set_sysctls.py names its restore script after it); the value is
     * the namespace owner's thread id, unique among concurrent scripts.
     */
    public CommandResult shell(String command, Path workingDirectory, Map<String, String> environment,
            Duration timeout) throws LinuxException {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("PACKETDRILL_PID", Integer.toString(namespace.ownerTid()));
        return ShellCommand.run(namespace, command, workingDirectory, env, timeout);
    }

    /**
     * Writes {@code /proc/sys/<name with dots as slashes>} from inside the namespace (the /proc/sys/net
     * tree shown to a thread is its own namespace's).
     */
    public void setSysctl(String name, String value) throws LinuxException {
        if (!name.matches("[A-Za-z0-9_.-]+") || name.contains("..")) {
            throw new LinuxException("not a sysctl name: " + name);
        }
        Path file = Path.of("/proc/sys", name.replace('.', '/'));
        namespace.call(() -> {
            try {
                Files.writeString(file, value);
                return null;
            } catch (IOException e) {
                throw new LinuxException("sysctl " + name + "=" + value + " failed: " + e.getMessage());
            }
        });
    }

    public String sysctl(String name) throws LinuxException {
        Path file = Path.of("/proc/sys", name.replace('.', '/'));
        return namespace.call(() -> {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new LinuxException("reading sysctl " + name + " failed: " + e.getMessage());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LiveResources.unregister(this);
        sockDiag.close();
        tun.close();
        namespace.close();
    }
}
