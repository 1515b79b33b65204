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
        java.util.Map<String, String> all = new java.util.HashMap<>(packetdrillDefines(ipMode));
        all.putAll(defines);
        defines = Map.copyOf(all);
    }

    /**
     * The {@code -D} definitions packetdrill's own runner (run_all.py) passes to every corpus script, so
     * those scripts mean here what they mean there; an explicit {@code -D} of the same name wins.
     * TFO_COOKIE is the cookie Linux derives from defaults.sh's tcp_fastopen_key for the default addresses.
     */
    public static Map<String, String> packetdrillDefines(TargetConfig.IpMode mode) {
        return switch (mode) {
            case IPV4 -> Map.of("TFO_COOKIE", "3021b9d889017eeb", "CODE", "host_unreachable",
                    "CMSG_LEVEL_IP", "SOL_IP", "CMSG_TYPE_RECVERR", "IP_RECVERR");
            case IPV6 -> Map.of("TFO_COOKIE", "c1d1e9742a47a9bc",
                    "CMSG_LEVEL_IP", "SOL_IPV6", "CMSG_TYPE_RECVERR", "IPV6_RECVERR");
            case IPV4_MAPPED_IPV6 -> Map.of("TFO_COOKIE", "3021b9d889017eeb", "CODE", "host_unreachable",
                    "CMSG_LEVEL_IP", "SOL_IPV6", "CMSG_TYPE_RECVERR", "IPV6_RECVERR");
        };
    }

    public static RunOptions defaults() {
        return new RunOptions(Optional.empty(), Map.of(), Optional.empty(), TargetConfig.IpMode.IPV4, false);
    }
}
