package dev.jdrill.repl;

import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.TargetWarmup;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.Targets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrill repl}: an interactive session on a live target. In a terminal it edits lines with JLine;
 * with stdin piped it reads plain lines and prints no prompt, so CI can drive it and its stdout stays a
 * script. Exit status: 0, or 1 when a piped session had a failing line, 2 on a usage error.
 */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = "Type script lines and watch the stack answer; :help inside lists the commands.")
public final class ReplCommand implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "engine|linux|remote", defaultValue = "engine",
            description = "the bundled engine (default: virtual time), this host's kernel, or another host "
                    + "(remote: with --interface, --remote-host and --agent, as for run)")
    String target;

    @Option(names = "-D", paramLabel = "NAME=VALUE", description = "define a symbol for the lines typed")
    Map<String, String> defines = Map.of();

    @Option(names = "--tolerance-usecs", paramLabel = "N", description = "raise the timing tolerance to N µs")
    Optional<Long> toleranceUsecs = Optional.empty();

    @Option(names = "--workdir", paramLabel = "DIR", description = "where commands run and files are read and written")
    Optional<Path> workdir = Optional.empty();

    @CommandLine.Mixin
    RemoteOptions remote = new RemoteOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Targets.names().contains(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown target '" + target
                    + "' (choose from " + String.join(", ", Targets.names()) + ")");
        }
        Optional<String> invalid = Targets.provider(target).flatMap(p -> p.invalidSettings(remote.settings()));
        if (invalid.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), invalid.get());
        }
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> unavailable = Targets.unavailableReason(target);
        if (unavailable.isPresent()) {
            err.println("jdrill: the " + target + " target cannot run here: " + unavailable.get());
            return 1;
        }
        if (target.equals(Targets.LINUX)) {
            TargetWarmup.ensure(target);
        }
        RunOptions options = new RunOptions(toleranceUsecs, defines, workdir, TargetConfig.IpMode.IPV4, false);
        Path directory = workdir.orElse(Path.of("")).toAbsolutePath();
        return isTerminal() ? interactive(options, directory, err) : piped(options, directory, err);
    }

    private static boolean isTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    private int piped(RunOptions options, Path directory, PrintWriter err) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ReplOutput output = new ReplOutput(spec.commandLine().getOut(), err, false);
        return loop(target, remote.settings(), new PipedLineSource(in), output, options, directory);
    }

    private int interactive(RunOptions options, Path directory, PrintWriter err) {
        TerminalLineSource source;
        try {
            source = TerminalLineSource.open(historyFile());
        } catch (IOException | RuntimeException e) {
            err.println("jdrill: cannot use the terminal (" + e.getMessage() + "); reading plain lines instead");
            return piped(options, directory, err);
        }
        PrintWriter terminal = source.writer();
        ReplOutput output = new ReplOutput(terminal, terminal, true);
        output.note("jdrill repl on " + target + " (:help for commands, :quit or Ctrl-D to leave)");
        return loop(target, remote.settings(), source, output, options, directory);
    }

    /**
     * Runs inputs until :quit or the end of input.
     *
     * @return the exit status: 1 if a piped session had a failing line
     */
    static int loop(String targetName, Map<String, String> targetSettings, LineSource source, ReplOutput output,
            RunOptions options, Path directory) {
        try (source) {
            Optional<Repl> opened = Repl.open(targetName, targetSettings, options, directory, output);
            if (opened.isEmpty()) {
                return 1;
            }
            try (Repl repl = opened.get()) {
                source.tunables(repl::tunableValues);
                while (true) {
                    Optional<String> input = source.next();
                    if (input.isEmpty() || !repl.handle(input.get())) {
                        break;
                    }
                }
                repl.finish();
                return repl.anyFailed() && !output.interactive() ? 1 : 0;
            }
        } catch (UncheckedIOException e) {
            output.error("jdrill: cannot read input: " + e.getCause().getMessage());
            return 1;
        }
    }

    /** {@code $JDRILL_HISTORY}, else {@code ~/.jdrill_history}. */
    static Path historyFile() {
        String explicit = System.getenv("JDRILL_HISTORY");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = Optional.ofNullable(System.getenv("HOME")).orElse(System.getProperty("user.home"));
        return Path.of(home, ".jdrill_history");
    }
}
