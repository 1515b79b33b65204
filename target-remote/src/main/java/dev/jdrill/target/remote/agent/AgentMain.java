package dev.jdrill.target.remote.agent;

import dev.jdrill.target.remote.control.AgentToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts an agent: {@code jdrill agent --listen ADDR:PORT [--token-file FILE] [--allow-commands]} goes
 * through the CLI's picocli command to {@link #run}; this plain {@code main} (same arguments) lets tests
 * start an agent as its own JVM without the CLI.
 */
public final class AgentMain {
    private AgentMain() {
    }

    /** What the agent needs to start. */
    public record Settings(InetSocketAddress listen, Optional<Path> tokenFile, boolean allowCommands) {
    }

    /** Parses {@code ADDR:PORT} ({@code [v6]:PORT} for IPv6). */
    public static InetSocketAddress parseHostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected ADDR:PORT, not " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected ADDR:PORT, not " + text);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in " + text);
        }
        return new InetSocketAddress(host, port);
    }

    /** Serves until the process is stopped; returns an exit status. */
    public static int run(Settings settings) {
        AgentToken token;
        try {
            token = AgentToken.load(settings.tokenFile());
        } catch (IOException e) {
            System.err.println("jdrill agent: " + e.getMessage());
            return 2;
        }
        try (AgentServer server = AgentServer.bind(settings.listen(), token, settings.allowCommands(), System.err)) {
            InetSocketAddress a = server.address();
            System.out.println("jdrill agent listening on " + a.getHostString() + ":" + a.getPort()
                    + (settings.allowCommands() ? " (commands allowed)" : ""));
            System.out.flush();
            server.serve();
            return 0;
        } catch (IOException e) {
            System.err.println("jdrill agent: cannot listen on " + settings.listen() + ": " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        Optional<InetSocketAddress> listen = Optional.empty();
        Optional<Path> tokenFile = Optional.empty();
        boolean allow = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--listen" -> listen = Optional.of(parseHostPort(args[++i]));
                    case "--token-file" -> tokenFile = Optional.of(Path.of(args[++i]));
                    case "--allow-commands" -> allow = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("jdrill agent: " + e.getMessage());
            System.exit(2);
        }
        if (listen.isEmpty()) {
            System.err.println("jdrill agent: --listen ADDR:PORT is required");
            System.exit(2);
        }
        System.exit(run(new Settings(listen.get(), tokenFile, allow)));
    }
}
