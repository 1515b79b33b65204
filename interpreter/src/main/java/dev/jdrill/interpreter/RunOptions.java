package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.TargetConfig;
import java.nio.file.Path;
import java.util.List;
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
 * @param variantGiven whether {@code --ip-version} was given: then the run is the one packetdrill's runner
 *     (run_all.py) makes for that variant, whose command-line options overwrite a script's own lines
 * @param packetdrillOptions packetdrill options given on jdrill's command line ({@code --mss=1000}, ...),
 *     which overwrite a script's own option lines as packetdrill's command line does
 */
public record RunOptions(Optional<Long> toleranceUsecs, Map<String, String> defines, Optional<Path> workingDirectory,
                         TargetConfig.IpMode ipMode, boolean verbose, boolean variantGiven,
                         List<PacketdrillOptions.Setting> packetdrillOptions) {

    public RunOptions {
        java.util.Map<String, String> all = new java.util.HashMap<>(packetdrillDefines(ipMode));
        all.putAll(defines);
        defines = Map.copyOf(all);
        packetdrillOptions = List.copyOf(packetdrillOptions);
    }

    /** No variant named: scripts' own option lines apply over the ipMode's runner defaults. */
    public RunOptions(Optional<Long> toleranceUsecs, Map<String, String> defines, Optional<Path> workingDirectory,
                      TargetConfig.IpMode ipMode, boolean verbose) {
        this(toleranceUsecs, defines, workingDirectory, ipMode, verbose, false, List.of());
    }

    /**
     * The packetdrill command line of this run: the runner's per-variant arguments (run_all.py
     * CmdTestIPv4/IPv6/IPv4Mappedv6 and its default {@code --send_omit_free}) when a variant was named,
     * then the user's own packetdrill options.
     */
    public List<PacketdrillOptions.Setting> commandLine() {
        List<PacketdrillOptions.Setting> line = new java.util.ArrayList<>();
        if (variantGiven) {
            line.add(PacketdrillOptions.Setting.commandLine("send_omit_free", null));
            line.add(PacketdrillOptions.Setting.commandLine("ip_version", ipMode.flag()));
            switch (ipMode) {
                case IPV4, IPV4_MAPPED_IPV6 -> {
                    line.add(PacketdrillOptions.Setting.commandLine("local_ip", "192.168.0.1"));
                    line.add(PacketdrillOptions.Setting.commandLine("gateway_ip", "192.168.0.1"));
                    line.add(PacketdrillOptions.Setting.commandLine("netmask_ip", "255.255.0.0"));
                    line.add(PacketdrillOptions.Setting.commandLine("remote_ip", "192.0.2.1"));
                }
                case IPV6 -> {
                    line.add(PacketdrillOptions.Setting.commandLine("mtu", "1520"));
                    line.add(PacketdrillOptions.Setting.commandLine("local_ip", "fd3d:0a0b:17d6::1"));
                    line.add(PacketdrillOptions.Setting.commandLine("gateway_ip", "fd3d:0a0b:17d6:8888::1"));
                    line.add(PacketdrillOptions.Setting.commandLine("remote_ip", "fd3d:fa7b:d17d::1"));
                }
            }
        }
        line.addAll(packetdrillOptions);
        return line;
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
