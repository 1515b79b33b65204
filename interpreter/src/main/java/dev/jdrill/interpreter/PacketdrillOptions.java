package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.OptionLine;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.timeline.Tolerance;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * packetdrill's options (config.c): the names it knows, whether each takes a value, and what each
 * means, applied in packetdrill's order — the script's own option lines first, then the command line's,
 * which overwrite them — and finalized as finalize_config does (addresses after the IP version is known).
 * An option jdrill cannot honour is an error naming it, never passed over.
 */
public final class PacketdrillOptions {

    /** One {@code --name[=value]}, from a script line (with its place) or from the command line. */
    public record Setting(String name, Optional<String> value, Optional<SourceSpan> span) {
        public static Setting commandLine(String name, String value) {
            return new Setting(name, Optional.ofNullable(value), Optional.empty());
        }

        static Setting of(OptionLine line) {
            return new Setting(line.name(), line.value(), Optional.of(line.span()));
        }
    }

    /** A bad or unsupported option; located when it came from a script line. */
    public static final class BadOption extends Exception {
        private final transient Optional<SourceSpan> span;

        BadOption(Setting setting, String message) {
            super(message);
            this.span = setting.span();
        }

        public Optional<SourceSpan> span() {
            return span;
        }
    }

    /** Each option packetdrill knows, and whether it takes a value (config.c's options[] table). */
    static final Map<String, Boolean> TAKES_VALUE = Map.ofEntries(
            Map.entry("ip_version", true), Map.entry("bind_port", true), Map.entry("code_command", true),
            Map.entry("code_format", true), Map.entry("code_sockopt", true), Map.entry("connect_port", true),
            Map.entry("remote_ip", true), Map.entry("local_ip", true), Map.entry("gateway_ip", true),
            Map.entry("netmask_ip", true), Map.entry("speed", true), Map.entry("mss", true), Map.entry("mtu", true),
            Map.entry("init_scripts", true), Map.entry("tolerance_usecs", true), Map.entry("tolerance_percent", true),
            Map.entry("wire_client", false), Map.entry("wire_server", false), Map.entry("wire_server_ip", true),
            Map.entry("wire_server_at", true), Map.entry("wire_server_port", true), Map.entry("wire_client_dev", true),
            Map.entry("wire_server_dev", true), Map.entry("so_filename", true), Map.entry("so_flags", true),
            Map.entry("tcp_ts_ecr_scaled", false), Map.entry("tcp_ts_tick_usecs", true),
            Map.entry("strict_segments", false), Map.entry("non_fatal", true), Map.entry("dry_run", false),
            Map.entry("is_anyip", false), Map.entry("send_omit_free", false), Map.entry("psp_udp_port", true),
            Map.entry("debug", false), Map.entry("define", true), Map.entry("verbose", false));

    /** What each option jdrill cannot honour would need. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("wire_client", "packetdrill's wire client/server mode"),
            Map.entry("wire_server", "packetdrill's wire client/server mode"),
            Map.entry("wire_server_ip", "packetdrill's wire client/server mode"),
            Map.entry("wire_server_at", "packetdrill's wire client/server mode"),
            Map.entry("wire_server_port", "packetdrill's wire client/server mode"),
            Map.entry("wire_client_dev", "packetdrill's wire client/server mode"),
            Map.entry("wire_server_dev", "packetdrill's wire client/server mode"),
            Map.entry("so_filename", "a shared-object TCP stack loaded into packetdrill"),
            Map.entry("so_flags", "a shared-object TCP stack loaded into packetdrill"),
            Map.entry("is_anyip", "an any-IP (IP_TRANSPARENT) local address setup"),
            Map.entry("psp_udp_port", "PSP encapsulation, which packetdrill allows only in wire mode"));

    private PacketdrillOptions() {
    }

    /**
     * The settings for one script: {@code scriptLines} first, then {@code commandLine}, which wins.
     *
     * @param defaultMode the variant when no {@code --ip_version} is given anywhere
     */
    public static ScriptSettings settle(List<OptionLine> scriptLines, List<Setting> commandLine,
            TargetConfig.IpMode defaultMode) throws BadOption {
        List<Setting> all = new ArrayList<>();
        scriptLines.forEach(l -> all.add(Setting.of(l)));
        all.addAll(commandLine);
        Accumulator a = new Accumulator(defaultMode);
        for (Setting s : all) {
            a.apply(s);
        }
        return a.finish();
    }

    /** The mutable state of config.c's process_option, before finalize_config. */
    private static final class Accumulator {
        TargetConfig.IpMode mode;
        Tolerance tolerance = Tolerance.PACKETDRILL_DEFAULT;
        int bindPort = 8080;
        int connectPort = 8080;
        int tsTick;
        boolean tsEcrScaled;
        boolean strictSegments;
        boolean nonFatalPacket;
        boolean sendOmitFree;
        boolean dryRun;
        boolean verbose;
        int mss;
        int mtu = -1;
        long speed;
        List<String> initScripts = List.of();
        Optional<Setting> localIp = Optional.empty();
        Optional<Setting> remoteIp = Optional.empty();
        Optional<Setting> gatewayIp = Optional.empty();
        Optional<Setting> netmaskIp = Optional.empty();

        Accumulator(TargetConfig.IpMode mode) {
            this.mode = mode;
        }

        void apply(Setting s) throws BadOption {
            Boolean takesValue = TAKES_VALUE.get(s.name());
            if (takesValue == null) {
                throw new BadOption(s, "option '" + s.name() + "' unknown");
            }
            if (UNSUPPORTED.containsKey(s.name())) {
                throw new BadOption(s, "option --" + s.name() + " is not supported by jdrill (it needs "
                        + UNSUPPORTED.get(s.name()) + ")");
            }
            if (takesValue && s.value().isEmpty()) {
                throw new BadOption(s, "option '" + s.name() + "' requires an argument");
            }
            if (!takesValue && s.value().isPresent()) {
                throw new BadOption(s, "option '" + s.name() + "' forbids an argument");
            }
            String v = s.value().orElse("");
            switch (s.name()) {
                case "ip_version" -> mode = TargetConfig.IpMode.fromFlag(v)
                        .orElseThrow(() -> new BadOption(s, "bad --ip_version: " + v));
                case "bind_port" -> bindPort = port(s, v);
                case "connect_port" -> connectPort = port(s, v);
                case "local_ip" -> localIp = Optional.of(s);
                case "remote_ip" -> remoteIp = Optional.of(s);
                case "gateway_ip" -> gatewayIp = Optional.of(s);
                case "netmask_ip" -> netmaskIp = Optional.of(s);
                case "mss" -> mss = positive(s, v);
                case "mtu" -> mtu = positive(s, v);
                case "speed" -> speed = positive(s, v);
                case "tolerance_usecs" -> tolerance = tolerance.withUsecs(positive(s, v));
                case "tolerance_percent" -> tolerance = tolerance.withPercent(percent(s, v));
                case "tcp_ts_tick_usecs" -> tsTick = tick(s, v);
                case "tcp_ts_ecr_scaled" -> tsEcrScaled = true;
                case "strict_segments" -> strictSegments = true;
                case "non_fatal" -> nonFatal(v);
                case "send_omit_free" -> sendOmitFree = true;
                case "dry_run" -> dryRun = true;
                case "verbose", "debug" -> verbose = true;
                case "init_scripts" -> initScripts = List.of(v.split(","));
                case "define" -> define(s, v);
                case "code_command" -> codeCommand(s, v);
                case "code_format" -> {
                    if (!v.equals("python")) {
                        throw new BadOption(s, "--code_format=" + v + " is not supported: jdrill evaluates %{ }% "
                                + "blocks as packetdrill's python format");
                    }
                }
                case "code_sockopt" -> {
                    if (!v.isEmpty() && !v.equals("TCP_INFO")) {
                        throw new BadOption(s, "--code_sockopt=" + v + " is not supported: jdrill's %{ }% blocks "
                                + "read TCP_INFO");
                    }
                }
                default -> throw new BadOption(s, "option --" + s.name() + " is not supported by jdrill");
            }
        }

        /** The defines were applied when the script was read ({@link ScriptLoader}); here only checked. */
        private static void define(Setting s, String v) throws BadOption {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new BadOption(s, "bad definition: " + v);
            }
        }

        /** jdrill evaluates code blocks itself, with the semantics of packetdrill's python command. */
        private static void codeCommand(Setting s, String v) throws BadOption {
            String program = v.strip().split("\\s+")[0];
            String base = program.substring(program.lastIndexOf('/') + 1);
            if (!base.matches("python[0-9.]*")) {
                throw new BadOption(s, "--code_command=" + v + " is not supported: jdrill evaluates %{ }% blocks "
                        + "natively, as packetdrill's python command would");
            }
        }

        private void nonFatal(String v) {
            for (String token : v.split("[, ]+")) {
                if (token.equals("packet")) {
                    nonFatalPacket = true;
                }
                // "syscall" is accepted and, as in packetdrill, changes nothing.
            }
        }

        ScriptSettings finish() throws BadOption {
            TargetConfig d = TargetConfig.defaults(mode);
            boolean v6 = mode.wireIpv6();
            InetAddress local = localIp.isPresent() ? address(localIp.get(), localIp.get().value().orElseThrow(), v6)
                    : d.localAddress();
            InetAddress remote = d.remoteAddress();
            int remotePrefix = d.remotePrefixLength();
            if (remoteIp.isPresent()) {
                String text = remoteIp.get().value().orElseThrow();
                int slash = text.indexOf('/');
                remote = address(remoteIp.get(), slash < 0 ? text : text.substring(0, slash), v6);
                remotePrefix = slash < 0 ? remote.getAddress().length * 8
                        : prefixLength(remoteIp.get(), text.substring(slash + 1), remote.getAddress().length * 8);
            }
            InetAddress gateway = gatewayIp.isPresent()
                    ? address(gatewayIp.get(), gatewayIp.get().value().orElseThrow(), v6) : d.gateway();
            int localPrefix = d.localPrefixLength();
            if (netmaskIp.isPresent() && !v6) {
                localPrefix = netmaskToPrefix(netmaskIp.get());
            }
            TargetConfig target = d.withAddresses(local, remote, gateway, localPrefix, remotePrefix)
                    .withMtu(mtu > 0 ? mtu : d.mtu()).withGsoMss(mss).withSpeedMbps(speed);
            return new ScriptSettings(tolerance, target, bindPort, connectPort, tsTick, tsEcrScaled, strictSegments,
                    nonFatalPacket, sendOmitFree, dryRun, verbose, initScripts);
        }

        private static InetAddress address(Setting s, String text, boolean v6) throws BadOption {
            boolean looksV6 = text.contains(":");
            boolean looksV4 = text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
            if (v6 ? !looksV6 : !looksV4) {
                throw new BadOption(s, "bad --" + s.name() + ": " + text + " is not an " + (v6 ? "IPv6" : "IPv4")
                        + " address");
            }
            try {
                InetAddress a = InetAddress.getByName(text);
                if (v6 ? a instanceof Inet6Address : a instanceof Inet4Address) {
                    return a;
                }
            } catch (UnknownHostException e) {
                // reported below
            }
            throw new BadOption(s, "bad --" + s.name() + ": " + text);
        }

        private static int prefixLength(Setting s, String text, int bits) throws BadOption {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= bits) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadOption(s, "bad prefix length in --" + s.name() + ": /" + text);
        }

        private static int netmaskToPrefix(Setting s) throws BadOption {
            InetAddress mask = address(s, s.value().orElseThrow(), false);
            int bits = 0;
            boolean seenZero = false;
            for (byte b : mask.getAddress()) {
                for (int i = 7; i >= 0; i--) {
                    boolean one = (b >> i & 1) == 1;
                    if (one && seenZero) {
                        throw new BadOption(s, "bad --netmask_ip: " + s.value().get() + " is not a contiguous mask");
                    }
                    seenZero |= !one;
                    bits += one ? 1 : 0;
                }
            }
            if (bits == 0) {
                throw new BadOption(s, "bad --netmask_ip: " + s.value().get());
            }
            return bits;
        }

        private static int port(Setting s, String v) throws BadOption {
            int p = integer(s, v);
            if (p <= 0 || p > 0xffff) {
                throw new BadOption(s, "bad --" + s.name() + ": " + v);
            }
            return p;
        }

        private static int positive(Setting s, String v) throws BadOption {
            int n = integer(s, v);
            if (n <= 0) {
                throw new BadOption(s, "bad --" + s.name() + ": " + v);
            }
            return n;
        }

        private static int tick(Setting s, String v) throws BadOption {
            int n = integer(s, v);
            if (n < 0 || n > 1_000_000) {
                throw new BadOption(s, "bad --tcp_ts_tick_usecs: " + v);
            }
            return n;
        }

        private static double percent(Setting s, String v) throws BadOption {
            try {
                double p = Double.parseDouble(v);
                if (p >= 0 && p <= 100) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadOption(s, "bad --tolerance_percent: " + v);
        }

        private static int integer(Setting s, String v) throws BadOption {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new BadOption(s, "bad --" + s.name() + ": " + v);
            }
        }
    }
}
