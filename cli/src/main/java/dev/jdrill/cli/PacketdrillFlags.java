package dev.jdrill.cli;

import dev.jdrill.interpreter.PacketdrillOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * packetdrill's command-line options on {@code jdrill run}, in packetdrill's spelling
 * ({@code --tcp_ts_tick_usecs=1000}) and jdrill's ({@code --tcp-ts-tick-usecs 1000}). They overwrite a
 * script's own option lines, as packetdrill's command line does. The ones jdrill cannot honour (wire_*,
 * so_*) are accepted here so that the run reports them by name.
 *
 * <p>They are one table, not one annotated method each: every flag only records its setting, and what a
 * setting means is {@link PacketdrillOptions}' business.
 */
final class PacketdrillFlags {
    /**
     * One flag.
     *
     * @param setting the packetdrill option it sets (what an option line in a script would name)
     * @param label the value's label in the help, or null for a flag without a value
     */
    private record Flag(String setting, String label, String description, boolean hidden, String... names) {
        static Flag valued(String setting, String label, String description, String... names) {
            return new Flag(setting, label, description, false, names);
        }

        static Flag bare(String setting, String description, String... names) {
            return new Flag(setting, null, description, false, names);
        }
    }

    private static final List<Flag> FLAGS = List.of(
            Flag.valued("tolerance_usecs", "N", "packetdrill's --tolerance_usecs (overwrites the script's)",
                    "--tolerance_usecs"),
            Flag.valued("tolerance_percent", "P",
                    "percentage of the gap since the previous event allowed as timing slack (12.5)",
                    "--tolerance_percent", "--tolerance-percent"),
            Flag.valued("tcp_ts_tick_usecs", "N", "check outbound TS val, N us per tick (0: unchecked, the default)",
                    "--tcp_ts_tick_usecs", "--tcp-ts-tick-usecs"),
            Flag.bare("tcp_ts_ecr_scaled", "interpolate an injected TS ecr that echoes no earlier outbound TS val",
                    "--tcp_ts_ecr_scaled", "--tcp-ts-ecr-scaled"),
            Flag.bare("strict_segments", "never join outbound packets to match a longer script line",
                    "--strict_segments", "--strict-segments"),
            Flag.valued("mss", "N", "mark injected TCP segments for segmentation at N bytes (GSO)", "--mss"),
            Flag.valued("mtu", "N", "tun0's MTU (1500; 1520 for ipv6)", "--mtu"),
            Flag.valued("ip_version", "V", "packetdrill's --ip_version (one variant, runner defaults not applied)",
                    "--ip_version"),
            Flag.valued("local_ip", "ADDR", "the stack's address on tun0", "--local_ip", "--local-ip"),
            Flag.valued("remote_ip", "ADDR[/N]", "the scripted peer's address", "--remote_ip", "--remote-ip"),
            Flag.valued("gateway_ip", "ADDR", "next hop of the route to the peer", "--gateway_ip", "--gateway-ip"),
            Flag.valued("netmask_ip", "MASK", "netmask of the local IPv4 address", "--netmask_ip", "--netmask-ip"),
            Flag.valued("bind_port", "PORT", "port bind(..., ...) fills in (8080)", "--bind_port", "--bind-port"),
            Flag.valued("connect_port", "PORT", "port connect(..., ...) fills in (8080)",
                    "--connect_port", "--connect-port"),
            Flag.valued("speed", "MBPS", "tun0's link speed (ethtool -s tun0 speed N autoneg off)", "--speed"),
            Flag.valued("init_scripts", "CMD[,CMD...]", "commands run before each script",
                    "--init_scripts", "--init-scripts"),
            Flag.valued("non_fatal", "packet,syscall", "packet: a wrong outbound packet only warns",
                    "--non_fatal", "--non-fatal"),
            Flag.bare("send_omit_free", "accepted (jdrill never frees a send buffer early)",
                    "--send_omit_free", "--send-omit-free"),
            Flag.bare("dry_run", "parse and check the scripts, run nothing", "--dry_run", "--dry-run"),
            Flag.valued("define", "NAME=VALUE", "as -D", "--define"),
            Flag.valued("code_command", "CMD", "accepted for python: %%{ }%% is evaluated natively",
                    "--code_command", "--code-command"),
            Flag.valued("code_format", "python", "accepted for python", "--code_format", "--code-format"),
            Flag.valued("code_sockopt", "TCP_INFO", "accepted for TCP_INFO", "--code_sockopt", "--code-sockopt"),
            // Accepted so that the run names them as what jdrill cannot do, rather than "unknown option".
            new Flag("wire_client", null, "", true, "--wire_client", "--wire_server"),
            new Flag("wire_server_ip", "V", "", true, "--wire_server_ip", "--wire_server_at", "--wire_server_port",
                    "--wire_client_dev", "--wire_server_dev"),
            new Flag("so_filename", "V", "", true, "--so_filename", "--so_flags"));

    private final List<PacketdrillOptions.Setting> settings = new ArrayList<>();

    List<PacketdrillOptions.Setting> settings() {
        return List.copyOf(settings);
    }

    /** The flags as a picocli mixin whose options record into this object's settings. */
    CommandSpec mixin() {
        CommandSpec spec = CommandSpec.create();
        for (Flag flag : FLAGS) {
            OptionSpec.Builder option = OptionSpec.builder(flag.names()).description(flag.description())
                    .hidden(flag.hidden()).hasInitialValue(false);
            if (flag.label() == null) {
                option.arity("0").type(boolean.class).setter(record(flag, false));
            } else {
                option.paramLabel(flag.label()).type(String.class).setter(record(flag, true));
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    private ISetter record(Flag flag, boolean valued) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                // picocli also sets every option to its initial value (null, false) before it parses: only
                // a flag that is on the command line is a setting.
                if (valued ? value != null : Boolean.TRUE.equals(value)) {
                    settings.add(PacketdrillOptions.Setting.commandLine(flag.setting(), valued ? (String) value : null));
                }
                return null;
            }
        };
    }
}
