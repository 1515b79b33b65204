package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.TargetConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to run scripts, from the command line.
 *
 * @param toleranceUsecs {@code --tolerance-usecs}: raises the fixed tolerance of every script (a script's
 *     own {@code --tolerance_usecs} line still applies when it is larger)
 * @param defines {@code -D NAME=VALUE}
 * @param workingDirectory {@code --workdir}: where backtick commands run instead of the script's directory
 * @param ipMode {@code --ip-version}; a script's own {@code --ip_version} line wins
 * @param verbose {@code --verbose}: report each injection's lateness and every packet
 */
public record RunOptions(Optional<Long> toleranceUsecs, Map<String, String> defines, Optional<Path> workingDirectory,
                         TargetConfig.IpMode ipMode, boolean verbose) {

    public RunOptions {
        defines = Map.copyOf(defines);
    }

    public static RunOptions defaults() {
        return new RunOptions(Optional.empty(), Map.of(), Optional.empty(), TargetConfig.IpMode.IPV4, false);
    }
}
