package dev.jdrill.cli;

import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;

import dev.jdrill.report.ReportFiles;
import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.interpreter.RunFailure;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.TargetWarmup;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdrill run}: runs scripts on the engine, the kernel, or both, and reports per the contract. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run scripts on a target.")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".pkt files or directories (searched recursively)")
    List<Path> paths;

    @Option(names = "--target", paramLabel = "engine|linux|remote", split = ",", defaultValue = "engine",
            description = "where to run: the bundled engine (default), this host's kernel, another host (remote), or several")
    List<String> targets;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "scripts run in parallel")
    int jobs;

    @Option(names = "-D", paramLabel = "NAME=VALUE", description = "define a symbol for the scripts")
    Map<String, String> defines = Map.of();

    @Option(names = "--tolerance-usecs", paramLabel = "N", description = "raise the timing tolerance to N µs")
    Optional<Long> toleranceUsecs = Optional.empty();

    @Option(names = "--workdir", paramLabel = "DIR", description = "working directory of backtick commands")
    Optional<Path> workdir = Optional.empty();

    @Option(names = "--ip-version", paramLabel = "ipv4|ipv6|ipv4-mapped-ipv6", defaultValue = "ipv4",
            description = "how script addresses are realised (default ipv4)")
    String ipVersion;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only shard I of N (1-based)")
    Optional<String> shard = Optional.empty();

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "also write a JUnit XML report (Jenkins, GitLab)")
    Optional<Path> junitXml = Optional.empty();

    @Option(names = "--tap", paramLabel = "FILE", description = "also write a TAP version 13 report")
    Optional<Path> tap = Optional.empty();

    @Option(names = "--pcap", paramLabel = "DIR", description = "write a .pcap of every script and target into DIR")
    Optional<Path> pcapDir = Optional.empty();

    @Option(names = "--report", paramLabel = "DIR",
            description = "write an HTML report with a ladder diagram of every script and target into DIR")
    Optional<Path> reportDir = Optional.empty();

    @Option(names = "--verbose", description = "print each packet and each injection's lateness")
    boolean verbose;

    @CommandLine.Mixin
    RemoteOptions remote = new RemoteOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<TargetConfig.IpMode> mode = TargetConfig.IpMode.fromFlag(ipVersion);
        if (mode.isEmpty()) {
            throw usage("--ip-version must be ipv4, ipv6 or ipv4-mapped-ipv6, not " + ipVersion);
        }
        for (String t : targets) {
            if (!Targets.names().contains(t)) {
                throw usage("unknown target '" + t + "' (choose from " + String.join(", ", Targets.names()) + ")");
            }
        }
        if (jobs < 1) {
            throw usage("--jobs must be at least 1");
        }
        List<Path> files;
        try {
            files = ScriptFiles.expand(paths);
        } catch (ScriptFiles.BadPath e) {
            throw usage(e.getMessage());
        }
        if (shard.isPresent()) {
            int[] in = parseShard(shard.get());
            files = ScriptFiles.shard(files, in[0], in[1]);
        }
        for (String t : targets) {
            Optional<String> invalid = Targets.provider(t).flatMap(p -> p.invalidSettings(remote.settings()));
            if (invalid.isPresent()) {
                throw usage(invalid.get());
            }
        }
        for (String t : targets) {
            Optional<String> unavailable = Targets.unavailableReason(t);
            if (unavailable.isPresent()) {
                err.println("jdrill: the " + t + " target cannot run here: " + unavailable.get());
                return 1;
            }
        }
        for (String t : targets) {
            if (t.equals(Targets.LINUX)) {
                TargetWarmup.ensure(t);
            }
        }
        RunOptions options = new RunOptions(toleranceUsecs, defines, workdir, mode.get(), verbose);
        ConsoleReport console = new ConsoleReport(spec.commandLine().getOut(), verbose);
        List<OutcomeReporter> reporters = new ArrayList<>();
        reporters.addAll(ReportFiles.requested(junitXml, tap, pcapDir));
        reportDir.ifPresent(d -> reporters.add(new dev.jdrill.report.diagram.HtmlReportWriter(d)));
        runAll(files, options, console, reporters);
        console.printTotals();
        return console.failed() == 0 ? 0 : 1;
    }

    private void runAll(List<Path> files, RunOptions options, ConsoleReport console, List<OutcomeReporter> reporters)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "jdrill-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<ScriptOutcome>>> futures = new ArrayList<>();
            for (Path file : files) {
                futures.add(pool.submit(() -> runOne(file, options)));
            }
            for (Future<List<ScriptOutcome>> f : futures) {
                List<ScriptOutcome> outcomes;
                try {
                    outcomes = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a script run crashed: " + e.getCause(), e.getCause());
                }
                for (ScriptOutcome o : outcomes) {
                    if (console.verbose()) {
                        o.result().ifPresent(r -> r.log().forEach(console::note));
                    }
                    console.print(o);
                    for (OutcomeReporter r : reporters) {
                        try {
                            r.record(o);
                        } catch (IOException e) {
                            spec.commandLine().getErr().println("jdrill: cannot write report: " + e.getMessage());
                        }
                    }
                }
                disagreement(outcomes).ifPresent(console::note);
            }
        } finally {
            pool.shutdownNow();
            for (OutcomeReporter r : reporters) {
                try {
                    r.close();
                } catch (IOException e) {
                    spec.commandLine().getErr().println("jdrill: cannot write report: " + e.getMessage());
                }
            }
        }
    }

    private List<ScriptOutcome> runOne(Path file, RunOptions options) {
        ScriptLoader.Loaded loaded = ScriptLoader.load(file, options.defines());
        List<ScriptOutcome> outcomes = new ArrayList<>();
        for (String target : targets) {
            if (loaded.script().isEmpty()) {
                String text = render(loaded.diagnostics(), loaded.text());
                outcomes.add(new ScriptOutcome(loaded.path(), target, loaded.text(), Optional.empty(), text));
                continue;
            }
            RunResult result = ScriptRunner.run(loaded.script().get(), Targets.create(target, remote.settings()), options);
            outcomes.add(new ScriptOutcome(loaded.path(), target, loaded.text(), Optional.of(result), ""));
        }
        return outcomes;
    }

    /**
     * With two targets, a script whose verdicts differ — one passes and the other fails, or both fail
     * at different lines — is reported as a disagreement: where the kernel and the engine part ways.
     */
    static Optional<String> disagreement(List<ScriptOutcome> outcomes) {
        if (outcomes.size() != 2 || outcomes.stream().anyMatch(o -> o.skipped() || o.result().isEmpty())) {
            return Optional.empty();
        }
        Optional<RunFailure> first = failure(outcomes.get(0));
        Optional<RunFailure> second = failure(outcomes.get(1));
        if (first.isEmpty() && second.isEmpty()) {
            return Optional.empty();
        }
        if (first.isPresent() && second.isPresent() && first.get().span().line() == second.get().span().line()) {
            return Optional.empty();
        }
        ScriptOutcome failing = first.isPresent() ? outcomes.get(0) : outcomes.get(1);
        RunFailure f = first.orElseGet(second::get);
        String other = first.isPresent() && second.isPresent()
                ? "; on " + outcomes.get(1).target() + " it fails at line " + second.get().span().line() + ": " + second.get().message()
                : "; " + (first.isPresent() ? outcomes.get(1) : outcomes.get(0)).target() + " passes";
        return Optional.of("DIFF " + failing.path() + ": " + outcomes.get(0).target() + " and "
                + outcomes.get(1).target() + " differ at line " + f.span().line() + ": "
                + failing.target() + " fails with " + f.message() + other);
    }

    private static Optional<RunFailure> failure(ScriptOutcome o) {
        return o.result().flatMap(r -> r.verdict() instanceof Verdict.Fail f ? Optional.of(f.failure()) : Optional.empty());
    }

    private int[] parseShard(String text) {
        String[] parts = text.split("/");
        try {
            int index = Integer.parseInt(parts[0]);
            int count = Integer.parseInt(parts[1]);
            if (parts.length == 2 && count >= 1 && index >= 1 && index <= count) {
                return new int[] {index, count};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // fall through to the usage error
        }
        throw usage("--shard must be I/N with 1 <= I <= N, not " + text);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static String render(List<Diagnostic> diagnostics, String text) {
        return diagnostics.stream().map(d -> d.render(text)).collect(Collectors.joining("\n"));
    }
}
