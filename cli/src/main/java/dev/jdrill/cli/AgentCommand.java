package dev.jdrill.cli;

import dev.jdrill.target.remote.agent.AgentMain;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrill agent}: serves the remote target's socket calls on the host under test. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run on the host under test: makes a remote jdrill's socket calls on real fds.")
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "ADDR:PORT", required = true, description = "where to accept jdrill's connection")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the shared token (first line); default: $JDRILL_AGENT_TOKEN")
    Optional<Path> tokenFile = Optional.empty();

    @Option(names = "--allow-commands",
            description = "run the scripts' backtick commands and set sysctls on this host (restored after each script)")
    boolean allowCommands;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InetSocketAddress address;
        try {
            address = AgentMain.parseHostPort(listen);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
        }
        return AgentMain.run(new AgentMain.Settings(address, tokenFile, allowCommands));
    }
}
