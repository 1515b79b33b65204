package dev.jdrill.cli;

import dev.jdrill.interpreter.PacketdrillOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * packetdrill's command-line options on {@code jdrill run}, in packetdrill's spelling
 * ({@code --tcp_ts_tick_usecs=1000}) and jdrill's ({@code --tcp-ts-tick-usecs 1000}). They overwrite a
 * script's own option lines, as packetdrill's command line does. The ones jdrill cannot honour (wire_*,
 * so_*, is_anyip, psp_udp_port) are accepted here so that the run reports them by name.
 */
final class PacketdrillFlags {
    private final List<PacketdrillOptions.Setting> settings = new ArrayList<>();

    List<PacketdrillOptions.Setting> settings() {
        return List.copyOf(settings);
    }

    private void set(String name, String value) {
        settings.add(PacketdrillOptions.Setting.commandLine(name, value));
    }

    @Option(names = "--tolerance_usecs", paramLabel = "N", description = "packetdrill's --tolerance_usecs (overwrites the script's)")
    void toleranceUsecs(String v) {
        set("tolerance_usecs", v);
    }

    @Option(names = {"--tolerance_percent", "--tolerance-percent"}, paramLabel = "P",
            description = "percentage of the gap since the previous event allowed as timing slack (12.5)")
    void tolerancePercent(String v) {
        set("tolerance_percent", v);
    }

    @Option(names = {"--tcp_ts_tick_usecs", "--tcp-ts-tick-usecs"}, paramLabel = "N",
            description = "check outbound TS val, N us per tick (0: unchecked, the default)")
    void tsTick(String v) {
        set("tcp_ts_tick_usecs", v);
    }

    @Option(names = {"--tcp_ts_ecr_scaled", "--tcp-ts-ecr-scaled"},
            description = "interpolate an injected TS ecr that echoes no earlier outbound TS val")
    void tsEcrScaled(boolean on) {
        set("tcp_ts_ecr_scaled", null);
    }

    @Option(names = {"--strict_segments", "--strict-segments"},
            description = "never join outbound packets to match a longer script line")
    void strictSegments(boolean on) {
        set("strict_segments", null);
    }

    @Option(names = "--mss", paramLabel = "N", description = "mark injected TCP segments for segmentation at N bytes (GSO)")
    void mss(String v) {
        set("mss", v);
    }

    @Option(names = "--mtu", paramLabel = "N", description = "tun0's MTU (1500; 1520 for ipv6)")
    void mtu(String v) {
        set("mtu", v);
    }

    @Option(names = {"--ip_version"}, paramLabel = "V", description = "packetdrill's --ip_version (one variant, runner defaults not applied)")
    void ipVersion(String v) {
        set("ip_version", v);
    }

    @Option(names = {"--local_ip", "--local-ip"}, paramLabel = "ADDR", description = "the stack's address on tun0")
    void localIp(String v) {
        set("local_ip", v);
    }

    @Option(names = {"--remote_ip", "--remote-ip"}, paramLabel = "ADDR[/N]", description = "the scripted peer's address")
    void remoteIp(String v) {
        set("remote_ip", v);
    }

    @Option(names = {"--gateway_ip", "--gateway-ip"}, paramLabel = "ADDR", description = "next hop of the route to the peer")
    void gatewayIp(String v) {
        set("gateway_ip", v);
    }

    @Option(names = {"--netmask_ip", "--netmask-ip"}, paramLabel = "MASK", description = "netmask of the local IPv4 address")
    void netmaskIp(String v) {
        set("netmask_ip", v);
    }

    @Option(names = {"--bind_port", "--bind-port"}, paramLabel = "PORT", description = "port bind(..., ...) fills in (8080)")
    void bindPort(String v) {
        set("bind_port", v);
    }

    @Option(names = {"--connect_port", "--connect-port"}, paramLabel = "PORT", description = "port connect(..., ...) fills in (8080)")
    void connectPort(String v) {
        set("connect_port", v);
    }

    @Option(names = "--speed", paramLabel = "MBPS", description = "tun0's link speed (ethtool -s tun0 speed N autoneg off)")
    void speed(String v) {
        set("speed", v);
    }

    @Option(names = {"--init_scripts", "--init-scripts"}, paramLabel = "CMD[,CMD...]", description = "commands run before each script")
    void initScripts(String v) {
        set("init_scripts", v);
    }

    @Option(names = {"--non_fatal", "--non-fatal"}, paramLabel = "packet,syscall", description = "packet: a wrong outbound packet only warns")
    void nonFatal(String v) {
        set("non_fatal", v);
    }

    @Option(names = {"--send_omit_free", "--send-omit-free"}, description = "accepted (jdrill never frees a send buffer early)")
    void sendOmitFree(boolean on) {
        set("send_omit_free", null);
    }

    @Option(names = {"--dry_run", "--dry-run"}, description = "parse and check the scripts, run nothing")
    void dryRun(boolean on) {
        set("dry_run", null);
    }

    @Option(names = "--define", paramLabel = "NAME=VALUE", description = "as -D")
    void define(String v) {
        set("define", v);
    }

    @Option(names = {"--code_command", "--code-command"}, paramLabel = "CMD", description = "accepted for python: %{ }% is evaluated natively")
    void codeCommand(String v) {
        set("code_command", v);
    }

    @Option(names = {"--code_format", "--code-format"}, paramLabel = "python", description = "accepted for python")
    void codeFormat(String v) {
        set("code_format", v);
    }

    @Option(names = {"--code_sockopt", "--code-sockopt"}, paramLabel = "TCP_INFO", description = "accepted for TCP_INFO")
    void codeSockopt(String v) {
        set("code_sockopt", v);
    }

    @Option(names = {"--wire_client", "--wire_server"}, hidden = true)
    void wireMode(boolean on) {
        set("wire_client", null);
    }

    @Option(names = {"--wire_server_ip", "--wire_server_at", "--wire_server_port", "--wire_client_dev",
            "--wire_server_dev"}, hidden = true)
    void wireSetting(String v) {
        set("wire_server_ip", v);
    }

    @Option(names = {"--so_filename", "--so_flags"}, hidden = true)
    void sharedObject(String v) {
        set("so_filename", v);
    }
}
