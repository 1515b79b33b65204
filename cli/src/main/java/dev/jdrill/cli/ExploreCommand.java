package dev.jdrill.cli;

import dev.jdrill.explore.ExploreReport;
import dev.jdrill.explore.ExploreSettings;
import dev.jdrill.explore.ExploreSummary;
import dev.jdrill.explore.Explorer;
import dev.jdrill.explore.Family;
import dev.jdrill.explore.ProgressBar;
import dev.jdrill.explore.Side;
import dev.jdrill.interpreter.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrill explore}: random scripts on two sides, divergences shrunk into regression scripts. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Run random scripts on two targets (or one target with two settings), and write the smallest "
                + "script showing each kind of difference to --out. Exit 1 when the sides diverged.")
final class ExploreCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Option(names = "--target", paramLabel = "A,B", split = ",", required = true,
            description = "the two sides (engine,linux), or one target with --compare")
    List<String> targets;

    @Option(names = "--compare", arity = "2", paramLabel = "SETTINGS",
            description = "two sets of tunables, NAME=VALUE[,NAME=VALUE...], one per side")
    List<String> compare;

    @Option(names = "--family", defaultValue = "lifecycle", paramLabel = "lifecycle|data|all",
            description = "what the scripts exercise (default lifecycle)")
    String family;

    @Option(names = "--seed", defaultValue = "1", description = "the scripts are a function of the seed (default 1)")
    long seed;

    @Option(names = "--count", paramLabel = "N", description = "generate N scripts")
    Optional<Long> count = Optional.empty();

    @Option(names = "--time", paramLabel = "D", description = "generate scripts for D (90s, 10m, 1h); shrinking follows")
    Optional<String> time = Optional.empty();

    @Option(names = "--sysctl", paramLabel = "NAME=VALUE", description = "a tunable set on both sides")
    Map<String, String> sysctls = new LinkedHashMap<>();

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N", description = "scripts run at once (default 2)")
    int jobs;

    @Option(names = "--tolerance-usecs", defaultValue = "25000", paramLabel = "N",
            description = "segments this close in time are the same (default 25000, plus 12.5 % of the gap)")
    long toleranceUsecs;

    @Option(names = "--shrink-runs", defaultValue = "40", paramLabel = "N",
            description = "candidate scripts the shrinker may run per divergence (default 40)")
    int shrinkRuns;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the regression scripts go")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter outWriter = spec.commandLine().getOut();
        ExploreSettings settings = settings();
        for (Side side : List.of(settings.first(), settings.second())) {
            Optional<String> unavailable = Targets.unavailableReason(side.target());
            if (unavailable.isPresent()) {
                spec.commandLine().getErr().println("jdrill: the " + side.target() + " target cannot run here: "
                        + unavailable.get());
                return 1;
            }
        }
        ProgressBar progress = new ProgressBar(outWriter, System.console() != null && System.console().isTerminal(),
                settings.count(), settings.time().map(Duration::toMillis).orElse(0L));
        ExploreSummary summary;
        try {
            summary = new Explorer(settings).run(progress);
        } catch (IOException e) {
            spec.commandLine().getErr().println("jdrill: cannot write to " + out + ": " + e.getMessage());
            return 1;
        }
        outWriter.print(ExploreReport.text(settings, summary));
        outWriter.flush();
        return summary.groups.isEmpty() ? 0 : 1;
    }

    private ExploreSettings settings() {
        Family f = Family.fromName(family).orElseThrow(() -> usage("--family must be lifecycle, data or all, not " + family));
        for (String t : targets) {
            if (!Targets.names().contains(t)) {
                throw usage("unknown target '" + t + "' (choose from " + String.join(", ", Targets.names()) + ")");
            }
        }
        if (targets.size() > 2 || (targets.size() == 1 && compare == null)) {
            throw usage("--target names two targets (A,B), or one with --compare SETTINGS SETTINGS");
        }
        if (count.isPresent() == time.isPresent()) {
            throw usage("give exactly one of --count N and --time D");
        }
        if (jobs < 1 || shrinkRuns < 0 || toleranceUsecs < 0 || count.map(c -> c < 1).orElse(false)) {
            throw usage("--jobs and --count must be at least 1, --shrink-runs and --tolerance-usecs at least 0");
        }
        Side first = new Side(targets.getFirst(), compare == null ? Map.of() : parseSettings(compare.get(0))).with(sysctls);
        Side second = new Side(targets.getLast(), compare == null ? Map.of() : parseSettings(compare.get(1))).with(sysctls);
        if (first.equals(second)) {
            throw usage("the two sides are the same: " + first.label());
        }
        return new ExploreSettings(first, second, f, seed, count.map(OptionalLong::of).orElse(OptionalLong.empty()),
                time.map(this::duration), jobs, toleranceUsecs, shrinkRuns, out, commandLine(f));
    }

    private Map<String, String> parseSettings(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw usage("--compare settings are NAME=VALUE[,NAME=VALUE...], not " + text);
            }
            m.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return m;
    }

    private Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw usage("--time is a duration such as 90s, 10m or 1h, not " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private String commandLine(Family f) {
        StringBuilder sb = new StringBuilder("jdrill explore --target ").append(String.join(",", targets));
        if (compare != null) {
            sb.append(" --compare '").append(compare.get(0)).append("' '").append(compare.get(1)).append('\'');
        }
        sysctls.forEach((k, v) -> sb.append(" --sysctl ").append(k).append('=').append(v));
        return sb.append(" --family ").append(f.cliName()).toString();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
