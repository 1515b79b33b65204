package dev.jdrill.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One script's private network: a fresh namespace, {@code lo} up, and tun0 configured as packetdrill
 * configures its device (netdev.c, net_utils.c): local address on tun0, the remote prefix routed to it,
 * MTU as configured (so the kernel advertises MSS = MTU - 40 for IPv4), checksum/TSO offload, IPv6
 * without duplicate address detection, and a plain pfifo qdisc so no pacing qdisc the host defaults
 * to can skew timings. Closing it (or the JVM exiting) removes all of it.
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
            CommandResult setup = ShellCommand.run(namespace, setupScript(config), Path.of("/"), Map.of(), SETUP_TIMEOUT);
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

    /** The commands, run by /bin/sh inside the namespace with {@code set -e}. */
    static String setupScript(TestNetworkConfig c) {
        String dev = DEVICE;
        return String.join("\n",
                "set -e",
                "ip link set dev lo up",
                // No link-local address: a TUN device has no hardware address to derive one from, and
                // router solicitations or MLD reports would show up as unexpected outbound packets.
                "ip link set dev " + dev + " mtu " + c.mtu() + " addrgenmode none",
                "sysctl -q -w net.ipv6.conf." + dev + ".disable_ipv6=0 net.ipv6.conf." + dev + ".accept_dad=0"
                        + " net.ipv6.conf." + dev + ".router_solicitations=0",
                "ip link set dev " + dev + " up",
                "ip addr add " + c.local4().getHostAddress() + "/" + TestNetworkConfig.LOCAL4_PREFIX + " dev " + dev,
                "ip -6 addr add " + c.local6().getHostAddress() + "/" + TestNetworkConfig.LOCAL6_PREFIX + " dev " + dev
                        + " nodad",
                "ip route replace " + TestNetworkConfig.network(c.remote4(), TestNetworkConfig.REMOTE4_PREFIX)
                        + " dev " + dev,
                // The remote host itself as a /32 too, as packetdrill routes it (netdev.c), so that scripts
                // can `ip route change 192.0.2.1 ... advmss 600 mtu lock 640` (mtu_probe/basic-v4.pkt).
                "ip route replace " + c.remote4().getHostAddress() + "/32 dev " + dev,
                "ip -6 route replace " + TestNetworkConfig.network(c.remote6(), TestNetworkConfig.REMOTE6_PREFIX)
                        + " dev " + dev,
                "tc qdisc replace dev " + dev + " root pfifo",
                "");
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
