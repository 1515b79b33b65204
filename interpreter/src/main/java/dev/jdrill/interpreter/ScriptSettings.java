package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.timeline.Tolerance;
import java.util.List;

/**
 * One script's packetdrill options once its own option lines and the command line's are combined
 * ({@link PacketdrillOptions}): what packetdrill's {@code struct config} holds after finalize_config.
 *
 * @param tolerance {@code --tolerance_usecs}, {@code --tolerance_percent}
 * @param target the network the target builds ({@code --ip_version}, addresses, {@code --mtu}, {@code --mss},
 *     {@code --speed})
 * @param bindPort {@code --bind_port}: the port {@code bind(..., ...)} fills in
 * @param connectPort {@code --connect_port}: the port {@code connect(..., ...)} fills in
 * @param tsTickUsecs {@code --tcp_ts_tick_usecs}: outbound TS val is checked against the script's when
 *     non-zero, each tick worth this many microseconds
 * @param tsEcrScaled {@code --tcp_ts_ecr_scaled}: an injected ecr that names no earlier outbound TS val is
 *     interpolated from the first one instead of being an error
 * @param strictSegments {@code --strict_segments}: outbound packets are never joined to match a longer line
 * @param nonFatalPacket {@code --non_fatal=packet}: a wrong outbound packet is a warning and the script goes on
 * @param sendOmitFree {@code --send_omit_free}: accepted; jdrill never frees a send buffer under the kernel
 * @param dryRun {@code --dry_run}: parse and check, run nothing
 * @param verbose {@code --verbose}, {@code -v}
 * @param initScripts {@code --init_scripts}: commands run, in order, before the script
 */
public record ScriptSettings(Tolerance tolerance, TargetConfig target, int bindPort, int connectPort, int tsTickUsecs,
        boolean tsEcrScaled, boolean strictSegments, boolean nonFatalPacket, boolean sendOmitFree, boolean dryRun,
        boolean verbose, List<String> initScripts) {

    public ScriptSettings {
        initScripts = List.copyOf(initScripts);
    }

    public TargetConfig.IpMode ipMode() {
        return target.ipVersion();
    }

    /** packetdrill's defaults (config.c set_default_config) for a variant. */
    public static ScriptSettings defaults(TargetConfig.IpMode mode) {
        return new ScriptSettings(Tolerance.PACKETDRILL_DEFAULT, TargetConfig.defaults(mode), 8080, 8080, 0, false,
                false, false, false, false, false, List.of());
    }
}
