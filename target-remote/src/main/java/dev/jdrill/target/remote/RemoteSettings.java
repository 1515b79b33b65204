package dev.jdrill.target.remote;

import dev.jdrill.target.remote.agent.AgentMain;
import dev.jdrill.target.remote.link.EthernetFrames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The remote target's command-line settings, from the map the CLI passes to the provider (option names
 * without dashes): {@code interface}, {@code remote-host}, and optionally {@code peer-address},
 * {@code agent}, {@code agent-token-file}, {@code remote-port}, {@code remote-mac},
 * {@code allow-default-route}.
 *
 * @param interfaceName where to inject and capture
 * @param remoteHost the host under test's address (the script's local address)
 * @param peerAddress the address jdrill plays (the script's remote address); the script's default when empty
 * @param agent where the agent listens, for scripts with socket calls
 * @param tokenFile the shared token's file; else the environment variable
 * @param remotePort without an agent: the port of the server already running on the host, in place of
 *     the script's port
 * @param remoteMac the host's MAC address, when it does not answer ARP
 * @param allowDefaultRoute inject even on an interface carrying this machine's default route
 */
public record RemoteSettings(String interfaceName, InetAddress remoteHost, Optional<InetAddress> peerAddress,
        Optional<InetSocketAddress> agent, Optional<Path> tokenFile, Optional<Integer> remotePort,
        Optional<byte[]> remoteMac, boolean allowDefaultRoute) {

    /** A setting that is missing or malformed, as one line. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    public static RemoteSettings from(Map<String, String> s) throws Invalid {
        String iface = s.get("interface");
        if (iface == null || iface.isBlank()) {
            throw new Invalid("the remote target needs --interface IF (where to inject and capture)");
        }
        String host = s.get("remote-host");
        if (host == null || host.isBlank()) {
            throw new Invalid("the remote target needs --remote-host ADDR (the address of the host under test)");
        }
        Optional<InetSocketAddress> agent = Optional.empty();
        if (s.containsKey("agent")) {
            try {
                agent = Optional.of(AgentMain.parseHostPort(s.get("agent")));
            } catch (IllegalArgumentException e) {
                throw new Invalid("--agent: " + e.getMessage());
            }
        }
        Optional<Integer> port = Optional.empty();
        if (s.containsKey("remote-port")) {
            try {
                port = Optional.of(Integer.parseInt(s.get("remote-port")));
            } catch (NumberFormatException e) {
                throw new Invalid("--remote-port must be a port number, not " + s.get("remote-port"));
            }
            if (port.get() < 1 || port.get() > 65535) {
                throw new Invalid("--remote-port must be 1..65535, not " + port.get());
            }
        }
        Optional<byte[]> mac = Optional.empty();
        if (s.containsKey("remote-mac")) {
            mac = Optional.of(EthernetFrames.parseMac(s.get("remote-mac"))
                    .orElseThrow(() -> new Invalid("--remote-mac must be aa:bb:cc:dd:ee:ff, not " + s.get("remote-mac"))));
        }
        return new RemoteSettings(iface, literal("--remote-host", host),
                s.containsKey("peer-address") ? Optional.of(literal("--peer-address", s.get("peer-address"))) : Optional.empty(),
                agent, Optional.ofNullable(s.get("agent-token-file")).map(Path::of), port, mac,
                Boolean.parseBoolean(s.getOrDefault("allow-default-route", "false")));
    }

    /** An address literal; host names are not looked up (a run must not depend on DNS). */
    private static InetAddress literal(String option, String text) throws Invalid {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new Invalid(option + " must be an IP address, not " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new Invalid(option + " must be an IP address, not " + text);
        }
    }
}
