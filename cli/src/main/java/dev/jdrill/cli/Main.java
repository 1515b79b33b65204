package dev.jdrill.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jdrill} command. Exit codes: 0 success, 1 a script failed (or an internal error), 2 a usage
 * error. No Java stack trace ever reaches the user: every failure is one line.
 */
@Command(name = "jdrill", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A packetdrill-compatible TCP test DSL: runs timed scripts of socket calls and segments.",
        subcommands = {RunCommand.class, CheckCommand.class, dev.jdrill.repl.ReplCommand.class,
                dev.jdrill.cli.frompcap.FromPcapCommand.class, ExploreCommand.class, AgentCommand.class})
public final class Main implements Runnable {

    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (run, check, repl, from-pcap, explore)");
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (Throwable e) {
            // picocli hands Errors back to us; even those end in one line, never a stack trace.
            System.err.println("jdrill: internal error: " + e);
            exit = 1;
        }
        System.exit(exit);
    }

    /** Runs the command line with the given streams; what tests call. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        RunCommand.addPacketdrillFlags(cli.getSubcommands().get("run"));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : 1);
        cli.setParameterExceptionHandler((e, a) -> {
            UsageMessages.of(e).forEach(e.getCommandLine().getErr()::println);
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("jdrill: internal error: " + e);
            return 1;
        });
        return cli.execute(args);
    }
}
