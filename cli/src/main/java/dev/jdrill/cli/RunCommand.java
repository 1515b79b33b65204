package dev.jdrill.cli;

import dev.jdrill.repl.RemoteOptions;
import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;
import dev.jdrill.report.divergence.Divergence;
import dev.jdrill.report.divergence.StreamComparison;

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

    @Option(names = "--ip-version", paramLabel = "ipv4|ipv6|ipv4-mapped-ipv6|all",
            description = "run as packetdrill's runner runs this variant (its addresses, routes and MTU overwrite a "
                    + "script's own); all: the three variants, one line each (default: ipv4, script lines apply)")
    Optional<String> ipVersion = Optional.empty();

    /** packetdrill's own flags: a mixin built from a table, added by {@link #addPacketdrillFlags}. */
    final PacketdrillFlags packetdrillFlags = new PacketdrillFlags();

    /** Adds packetdrill's flags to {@code run}'s command line, writing into its {@link #packetdrillFlags}. */
    static void addPacketdrillFlags(CommandLine run) {
        RunCommand command = run.getCommand();
        run.getCommandSpec().addMixin("packetdrill", command.packetdrillFlags.mixin());
    }

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

    @Option(names = {"--verbose", "-v"}, description = "print each packet and each injection's lateness")
    boolean verbose;

    @Option(names = "--fail-on-skip",
            description = "a script a target cannot honour (SKIP) fails the run: exit 1 when anything was skipped")
    boolean failOnSkip;

    @Option(names = "--fail-on-divergence",
            description = "with engine,linux: exit 1 when a segment the engine sent differs from the kernel's, even where both pass")
    boolean failOnDivergence;

    @Option(names = "--color", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "colour PASS, FAIL, SKIP and the totals (auto: when writing to a terminal and NO_COLOR is unset)")
    String color;

    @CommandLine.Mixin
    RemoteOptions remote = new RemoteOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        List<Optional<TargetConfig.IpMode>> variants = new ArrayList<>();
        if (ipVersion.isEmpty()) {
            variants.add(Optional.empty());
        } else if (ipVersion.get().equals("all")) {
            // run_all.py's order: ipv4, ipv4-mapped-ipv6, ipv6.
            for (TargetConfig.IpMode m : List.of(TargetConfig.IpMode.IPV4, TargetConfig.IpMode.IPV4_MAPPED_IPV6,
                    TargetConfig.IpMode.IPV6)) {
                variants.add(Optional.of(m));
            }
        } else {
            Optional<TargetConfig.IpMode> mode = TargetConfig.IpMode.fromFlag(ipVersion.get());
            if (mode.isEmpty()) {
                throw usage("--ip-version must be ipv4, ipv6, ipv4-mapped-ipv6 or all, not " + ipVersion.get());
            }
            variants.add(mode);
        }
        try {
            // Bad packetdrill options are usage errors before anything runs.
            dev.jdrill.interpreter.PacketdrillOptions.settle(List.of(), packetdrillFlags.settings(),
                    TargetConfig.IpMode.IPV4);
        } catch (dev.jdrill.interpreter.PacketdrillOptions.BadOption e) {
            throw usage(e.getMessage());
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
            files = ScriptFiles.expandNonEmpty(paths);
        } catch (ScriptFiles.BadPath e) {
            throw usage(e.getMessage());
        }
        if (shard.isPresent()) {
            int[] in = parseShard(shard.get());
            int all = files.size();
            files = ScriptFiles.shard(files, in[0], in[1]);
            if (files.isEmpty()) {
                throw usage("shard " + shard.get() + " of " + all + " scripts is empty: use at most " + all + " shards");
            }
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
        Map<String, String> allDefines = new java.util.HashMap<>(defines);
        for (dev.jdrill.interpreter.PacketdrillOptions.Setting d : packetdrillFlags.settings()) {
            if (d.name().equals("define")) {
                String v = d.value().orElse("");
                allDefines.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
            }
        }
        List<RunOptions> runs = new ArrayList<>();
        for (Optional<TargetConfig.IpMode> v : variants) {
            runs.add(new RunOptions(toleranceUsecs, allDefines, workdir, v.orElse(TargetConfig.IpMode.IPV4), verbose,
                    v.isPresent(), packetdrillFlags.settings()));
        }
        boolean colour = switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.console().isTerminal() && System.getenv("NO_COLOR") == null;
            default -> throw usage("--color takes auto, always or never, not '" + color + "'");
        };
        ConsoleReport console = new ConsoleReport(spec.commandLine().getOut(), verbose, colour, comparesStreams());
        List<OutcomeReporter> reporters = new ArrayList<>();
        reporters.addAll(ReportFiles.requested(junitXml, tap, pcapDir));
        reportDir.ifPresent(d -> reporters.add(new dev.jdrill.report.diagram.HtmlReportWriter(d)));
        runAll(files, runs, console, reporters);
        console.printTotals(failOnSkip);
        if (failOnSkip && console.skipped() > 0) {
            err.println("jdrill run: " + console.skipped() + " skipped " + (console.skipped() == 1 ? "script fails" : "scripts fail")
                    + " the run (--fail-on-skip)");
            return 1;
        }
        // The exit status follows the verdicts (the contract CI scripts rely on); a divergence between two
        // passing runs is printed and counted, and fails the run only when asked.
        return console.failed() == 0 && (!failOnDivergence || console.divergences() == 0) ? 0 : 1;
    }

    private void runAll(List<Path> files, List<RunOptions> runs, ConsoleReport console, List<OutcomeReporter> reporters)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "jdrill-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<ScriptOutcome>>> futures = new ArrayList<>();
            for (Path file : files) {
                for (RunOptions options : runs) {
                    if (runs.size() > 1 && !VariantSelection.runs(file, options.ipMode())) {
                        continue;
                    }
                    String label = runs.size() > 1 ? " " + options.ipMode().flag() : "";
                    futures.add(pool.submit(() -> runOne(file, options, label)));
                }
            }
            for (Future<List<ScriptOutcome>> f : futures) {
                List<ScriptOutcome> outcomes;
                try {
                    outcomes = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a script run crashed: " + e.getCause(), e.getCause());
                }
                for (ScriptOutcome o : outcomes) {
                    // The log has lines only with --verbose (command line or script) or --non_fatal warnings.
                    o.result().ifPresent(r -> r.log().forEach(console::note));
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
                if (comparesStreams()) {
                    compareStreams(outcomes, console);
                }
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

    /** One script on every target; {@code label} follows the target's name when several variants run. */
    private List<ScriptOutcome> runOne(Path file, RunOptions options, String label) {
        ScriptLoader.Loaded loaded = ScriptLoader.load(file, options.defines());
        List<ScriptOutcome> outcomes = new ArrayList<>();
        for (String target : targets) {
            if (loaded.script().isEmpty()) {
                String text = render(loaded.diagnostics(), loaded.text());
                outcomes.add(new ScriptOutcome(loaded.path(), target + label, loaded.text(), Optional.empty(), text));
                continue;
            }
            RunResult result = ScriptRunner.run(loaded.script().get(), Targets.create(target, remote.settings()), options);
            outcomes.add(new ScriptOutcome(loaded.path(), target + label, loaded.text(), Optional.of(result), ""));
        }
        return outcomes;
    }

    private boolean comparesStreams() {
        return targets.size() == 2 && targets.contains(Targets.ENGINE) && targets.contains(Targets.LINUX);
    }

    private static final java.util.regex.Pattern SCRIPT_TOLERANCE =
            java.util.regex.Pattern.compile("(?m)^\\s*--tolerance_usecs=(\\d+)");

    /** Holds the engine's segments against the kernel's (see {@link StreamComparison}) and prints any divergence. */
    private void compareStreams(List<ScriptOutcome> outcomes, ConsoleReport console) {
        Optional<RunResult> engine = resultOf(outcomes, Targets.ENGINE);
        Optional<RunResult> linux = resultOf(outcomes, Targets.LINUX);
        if (engine.isEmpty() || linux.isEmpty()) {
            return;
        }
        long tolerance = toleranceUsecs.orElse(DEFAULT_TOLERANCE_USECS);
        var m = SCRIPT_TOLERANCE.matcher(outcomes.getFirst().sourceText());
        if (m.find()) {
            tolerance = Math.max(tolerance, Long.parseLong(m.group(1)));
        }
        List<Divergence> divergences = StreamComparison.compare(engine.get(), linux.get(), tolerance);
        console.divergences(outcomes.getFirst().path(), divergences);
    }

    /** packetdrill's default tolerance_usecs. */
    private static final long DEFAULT_TOLERANCE_USECS = 4000;

    private static Optional<RunResult> resultOf(List<ScriptOutcome> outcomes, String target) {
        return outcomes.stream().filter(o -> o.target().equals(target)).findFirst().flatMap(ScriptOutcome::result);
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
