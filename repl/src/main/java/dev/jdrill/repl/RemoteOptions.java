package dev.jdrill.repl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of {@code --target remote}, handed to its provider as settings (names without dashes). */
public final class RemoteOptions {

    @Option(names = "--interface", paramLabel = "IF", description = "remote target: the interface to inject and capture on")
    Optional<String> interfaceName = Optional.empty();

    @Option(names = "--remote-host", paramLabel = "ADDR", description = "remote target: the address of the host under test")
    Optional<String> remoteHost = Optional.empty();

    @Option(names = "--peer-address", paramLabel = "ADDR",
            description = "remote target: the address jdrill plays (default: the script's remote address, 192.0.2.1)")
    Optional<String> peerAddress = Optional.empty();

    @Option(names = "--agent", paramLabel = "HOST:PORT", description = "remote target: the jdrill agent on the host under test")
    Optional<String> agent = Optional.empty();

    @Option(names = "--agent-token-file", paramLabel = "FILE",
            description = "remote target: the agent's shared token (default: $JDRILL_AGENT_TOKEN)")
    Optional<Path> tokenFile = Optional.empty();

    @Option(names = "--remote-port", paramLabel = "PORT",
            description = "remote target without an agent: the port of the server already running on the host")
    Optional<String> remotePort = Optional.empty();

    @Option(names = "--remote-mac", paramLabel = "MAC", description = "remote target: the host's MAC, if it does not answer ARP")
    Optional<String> remoteMac = Optional.empty();

    @Option(names = "--allow-default-route",
            description = "remote target: inject even on an interface that carries this machine's default route")
    boolean allowDefaultRoute;

    /** The settings as the remote target reads them ({@code interface}, {@code remote-host}, ...). */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        interfaceName.ifPresent(v -> s.put("interface", v));
        remoteHost.ifPresent(v -> s.put("remote-host", v));
        peerAddress.ifPresent(v -> s.put("peer-address", v));
        agent.ifPresent(v -> s.put("agent", v));
        tokenFile.ifPresent(v -> s.put("agent-token-file", v.toString()));
        remotePort.ifPresent(v -> s.put("remote-port", v));
        remoteMac.ifPresent(v -> s.put("remote-mac", v));
        if (allowDefaultRoute) {
            s.put("allow-default-route", "true");
        }
        return s;
    }
}
