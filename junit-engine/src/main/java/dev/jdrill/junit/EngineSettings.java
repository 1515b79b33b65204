package dev.jdrill.junit;

import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.Targets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration parameters ({@code junit-platform.properties}, Surefire's
 * {@code configurationParameters}, {@code -D} system properties), checked once per discovery:
 * <ul>
 * <li>{@code jdrill.target}: {@code engine} (default), {@code linux}, or {@code engine,linux}</li>
 * <li>{@code jdrill.defines}: {@code NAME=VALUE,NAME=VALUE}, as {@code run -D}</li>
 * <li>{@code jdrill.tolerance-usecs}: raise every script's timing tolerance, as {@code run --tolerance-usecs}</li>
 * <li>{@code jdrill.scripts}: comma-separated files or directories run in addition to the selected ones,
 *     for runners such as Surefire that only select classes</li>
 * <li>{@code jdrill.fail-on-skip}: {@code true} makes a script the target cannot honour (a SKIP) a failed
 *     test instead of an aborted one, as {@code run --fail-on-skip}, so a build cannot pass on nothing</li>
 * </ul>
 *
 * @param problems what is wrong with the parameters, one sentence each; nothing runs when there are any
 */
record EngineSettings(List<String> targets, RunOptions runOptions, List<String> extraScripts, boolean failOnSkip,
        List<String> problems) {

    static final String TARGET = "jdrill.target";
    static final String DEFINES = "jdrill.defines";
    static final String TOLERANCE = "jdrill.tolerance-usecs";
    static final String SCRIPTS = "jdrill.scripts";
    static final String FAIL_ON_SKIP = "jdrill.fail-on-skip";

    static EngineSettings from(ConfigurationParameters parameters) {
        List<String> problems = new ArrayList<>();
        List<String> targets = list(parameters.get(TARGET).orElse(Targets.ENGINE));
        if (targets.isEmpty()) {
            problems.add(TARGET + " names no target");
        }
        Map<String, String> defines = new LinkedHashMap<>();
        for (String d : list(parameters.get(DEFINES).orElse(""))) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                problems.add(DEFINES + ": '" + d + "' is not NAME=VALUE");
            } else {
                defines.put(d.substring(0, eq).strip(), d.substring(eq + 1).strip());
            }
        }
        Optional<Long> tolerance = Optional.empty();
        Optional<String> toleranceText = parameters.get(TOLERANCE).map(String::strip).filter(s -> !s.isEmpty());
        if (toleranceText.isPresent()) {
            try {
                long usecs = Long.parseLong(toleranceText.get());
                if (usecs < 0) {
                    throw new NumberFormatException();
                }
                tolerance = Optional.of(usecs);
            } catch (NumberFormatException e) {
                problems.add(TOLERANCE + " must be a number of microseconds, not '" + toleranceText.get() + "'");
            }
        }
        String failOnSkipText = parameters.get(FAIL_ON_SKIP).map(String::strip).orElse("false");
        boolean failOnSkip = failOnSkipText.equalsIgnoreCase("true");
        if (!failOnSkip && !failOnSkipText.equalsIgnoreCase("false")) {
            problems.add(FAIL_ON_SKIP + " must be true or false, not '" + failOnSkipText + "'");
        }
        RunOptions options = new RunOptions(tolerance, defines, Optional.empty(), TargetConfig.IpMode.IPV4, false);
        return new EngineSettings(List.copyOf(targets), options, list(parameters.get(SCRIPTS).orElse("")),
                failOnSkip, List.copyOf(problems));
    }

    /**
     * Targets named but not installed: checked only once there are scripts to run, so a runner that
     * merely asks every engine what it has (Surefire does, class by class) is not failed by it.
     */
    List<String> unknownTargets() {
        List<String> unknown = new ArrayList<>();
        for (String t : targets) {
            if (!Targets.names().contains(t)) {
                unknown.add(TARGET + ": unknown target '" + t + "' (available: "
                        + (Targets.names().isEmpty() ? "none" : String.join(", ", Targets.names())) + ")");
            }
        }
        return unknown;
    }

    private static List<String> list(String commaSeparated) {
        List<String> items = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                items.add(s.strip());
            }
        }
        return items;
    }
}
