package dev.jdrill.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The engine's kernel tunables, named after the {@code net.ipv4.*} sysctls they mirror. Defaults are
 * what a fresh network namespace shows on Linux 6.18 (read off {@code /proc/sys/net/ipv4} inside
 * {@code unshare -n}). Values are plain public fields so engine code reads them without ceremony;
 * {@link #set} is the checked entry point for scripts.
 */
public final class Tunables {
    public int tcpSynRetries = 6;
    public int tcpSynackRetries = 5;
    /** Linux ≥ 6.16: the first N SYN retransmissions keep the initial RTO instead of doubling it. */
    public int tcpSynLinearTimeouts = 4;
    public int tcpRetries1 = 3;
    public int tcpRetries2 = 15;
    /** 0 means 8 in effect (tcp_orphan_retries() in tcp_timer.c). */
    public int tcpOrphanRetries = 0;
    public int tcpFinTimeoutSeconds = 60;
    public int tcpKeepaliveTimeSeconds = 7200;
    public int tcpKeepaliveIntvlSeconds = 75;
    public int tcpKeepaliveProbes = 9;
    public int tcpInvalidRatelimitMillis = 500;
    public int tcpTimestamps = 1;
    public int tcpSack = 1;
    public int tcpWindowScaling = 1;
    public long[] tcpRmem = {4096, 131072, 33554432};
    public long[] tcpWmem = {4096, 16384, 4194304};
    /** net.ipv4.tcp_notsent_lowat: the TCP_NOTSENT_LOWAT of a socket that set none (UINT_MAX: off). */
    public long tcpNotsentLowat = 4294967295L;
    public int tcpMinRttWlenSeconds = 300;
    public int tcpTwReuse = 2;
    public int tcpAbortOnOverflow = 0;
    public long tcpChallengeAckLimit = 2147483647L;
    public int tcpRfc1337 = 0;
    public int tcpRtoMinMicros = 200_000;
    public int tcpRtoMaxMillis = 120_000;
    /** tcp_app_win: 1/2^n of the window is kept for the application (tcp_init_buffer_space). */
    public int tcpAppWin = 31;
    public int tcpSlowStartAfterIdle = 1;
    public int tcpEarlyRetrans = 3;
    public int tcpSyncookies = 1;
    public int tcpMaxSynBacklog = 2048;
    public int tcpNoMetricsSave = 0;
    public int tcpDsack = 1;
    public int tcpFrto = 2;
    public int tcpReordering = 3;
    public int tcpRecovery = 1;
    public int tcpEcn = 2;
    public int tcpFastopen = 1;
    public int tcpMtuProbing = 0;
    public int tcpBaseMss = 1024;
    public int tcpModerateRcvbuf = 1;
    public int tcpAutocorking = 1;
    public int tcpThinLinearTimeouts = 0;
    /**
     * The congestion control of new connections ({@link CongestionControl}: cubic or reno): Linux's
     * built-in default is cubic. This host's kernel shows bbr, which a new namespace inherits from
     * the host's own setting; the corpus's defaults.sh sets cubic.
     */
    public String tcpCongestionControl = "cubic";
    public int coreSomaxconn = 4096;
    public long coreRmemMax = 212992;
    public long coreWmemMax = 212992;

    /** net.ipv4.tcp_fastopen_key: the key server-side Fast Open makes its cookies with ({@link FastOpenKey}). */
    public String tcpFastopenKey = "00000000-00000000-00000000-00000000";

    /**
     * How one tunable is read and written. {@code unmodelled} says why a (valid) value is one whose
     * effect the engine does not model, or is empty when the engine honours it.
     */
    private record Entry(Function<Tunables, String> get, BiConsumer<Tunables, String> set,
                         Function<String, Optional<String>> unmodelled) {
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>();

    private static final Optional<String> MODELLED = Optional.empty();

    private static void integer(String name, Function<Tunables, Integer> get, BiConsumer<Tunables, Integer> set,
            long min, long max) {
        ENTRIES.put(name, new Entry(t -> String.valueOf(get.apply(t)), (t, v) -> set.accept(t, (int) parse(name, v, min, max)),
                v -> MODELLED));
    }

    /**
     * An integer tunable the engine reads only partly or not at all: only the values it behaves as are
     * accepted (the first is Linux's default, which suites' baselines write); any other is unmodelled,
     * for {@code why}.
     */
    private static void behavesAs(String name, Function<Tunables, Integer> get, BiConsumer<Tunables, Integer> set,
            long min, long max, String why, long... values) {
        ENTRIES.put(name, new Entry(t -> String.valueOf(get.apply(t)), (t, v) -> set.accept(t, (int) parse(name, v, min, max)),
                v -> {
                    long parsed = parse(name, v, min, max);
                    for (long ok : values) {
                        if (ok == parsed) {
                            return MODELLED;
                        }
                    }
                    return Optional.of(name + "=" + v.trim() + ": " + why);
                }));
    }

    static {
        integer("tcp_syn_retries", t -> t.tcpSynRetries, (t, v) -> t.tcpSynRetries = v, 1, 127);
        integer("tcp_synack_retries", t -> t.tcpSynackRetries, (t, v) -> t.tcpSynackRetries = v, 0, 255);
        integer("tcp_syn_linear_timeouts", t -> t.tcpSynLinearTimeouts, (t, v) -> t.tcpSynLinearTimeouts = v, 0, 16);
        behavesAs("tcp_retries1", t -> t.tcpRetries1, (t, v) -> t.tcpRetries1 = v, 0, 255,
                "the engine has neither the route re-validation nor the MTU black-hole probing it triggers", 3);
        integer("tcp_retries2", t -> t.tcpRetries2, (t, v) -> t.tcpRetries2 = v, 0, 255);
        integer("tcp_orphan_retries", t -> t.tcpOrphanRetries, (t, v) -> t.tcpOrphanRetries = v, 0, 255);
        integer("tcp_fin_timeout", t -> t.tcpFinTimeoutSeconds, (t, v) -> t.tcpFinTimeoutSeconds = v, 0, Integer.MAX_VALUE);
        integer("tcp_keepalive_time", t -> t.tcpKeepaliveTimeSeconds, (t, v) -> t.tcpKeepaliveTimeSeconds = v, 1, 32767);
        integer("tcp_keepalive_intvl", t -> t.tcpKeepaliveIntvlSeconds, (t, v) -> t.tcpKeepaliveIntvlSeconds = v, 1, 32767);
        integer("tcp_keepalive_probes", t -> t.tcpKeepaliveProbes, (t, v) -> t.tcpKeepaliveProbes = v, 1, 127);
        integer("tcp_invalid_ratelimit", t -> t.tcpInvalidRatelimitMillis, (t, v) -> t.tcpInvalidRatelimitMillis = v, 0, Integer.MAX_VALUE);
        behavesAs("tcp_timestamps", t -> t.tcpTimestamps, (t, v) -> t.tcpTimestamps = v, 0, 2,
                "the engine models timestamps on (1) and off (0), not 2 (no per-connection offset)", 1, 0);
        integer("tcp_sack", t -> t.tcpSack, (t, v) -> t.tcpSack = v, 0, 1);
        integer("tcp_window_scaling", t -> t.tcpWindowScaling, (t, v) -> t.tcpWindowScaling = v, 0, 1);
        behavesAs("tcp_min_rtt_wlen", t -> t.tcpMinRttWlenSeconds, (t, v) -> t.tcpMinRttWlenSeconds = v, 0, 86400,
                "the engine keeps no windowed min-RTT filter", 300);
        behavesAs("tcp_tw_reuse", t -> t.tcpTwReuse, (t, v) -> t.tcpTwReuse = v, 0, 2,
                "connect() never reuses a TIME_WAIT port on the engine (as 0, and as 2 for a non-loopback peer)", 2, 0);
        integer("tcp_abort_on_overflow", t -> t.tcpAbortOnOverflow, (t, v) -> t.tcpAbortOnOverflow = v, 0, 1);
        ENTRIES.put("tcp_challenge_ack_limit", new Entry(t -> String.valueOf(t.tcpChallengeAckLimit),
                (t, v) -> t.tcpChallengeAckLimit = parse("tcp_challenge_ack_limit", v, 0, Integer.MAX_VALUE), v -> MODELLED));
        integer("tcp_rfc1337", t -> t.tcpRfc1337, (t, v) -> t.tcpRfc1337 = v, 0, 1);
        integer("tcp_rto_min_us", t -> t.tcpRtoMinMicros, (t, v) -> t.tcpRtoMinMicros = v, 1, Integer.MAX_VALUE);
        // tcp_init_buffer_space's clamp is read, but 6.18 resets the window clamp from the scaling ratio at the
        // first full-size segment (tcp_measure_rcv_mss), and that interplay is not verified on the kernel yet.
        behavesAs("tcp_app_win", t -> t.tcpAppWin, (t, v) -> t.tcpAppWin = v, 0, 31,
                "the engine does not model the application's share of the window after the first data", 31);
        integer("tcp_rto_max_ms", t -> t.tcpRtoMaxMillis, (t, v) -> t.tcpRtoMaxMillis = v, 1000, 120_000);
        integer("tcp_slow_start_after_idle", t -> t.tcpSlowStartAfterIdle, (t, v) -> t.tcpSlowStartAfterIdle = v, 0, 1);
        integer("tcp_early_retrans", t -> t.tcpEarlyRetrans, (t, v) -> t.tcpEarlyRetrans = v, 0, 4);
        behavesAs("tcp_syncookies", t -> t.tcpSyncookies, (t, v) -> t.tcpSyncookies = v, 0, 2,
                "the engine does not model SYN cookies", 1);
        behavesAs("tcp_max_syn_backlog", t -> t.tcpMaxSynBacklog, (t, v) -> t.tcpMaxSynBacklog = v, 0, Integer.MAX_VALUE,
                "the engine does not bound the SYN queue by it", 2048);
        behavesAs("tcp_no_metrics_save", t -> t.tcpNoMetricsSave, (t, v) -> t.tcpNoMetricsSave = v, 0, 1,
                "the engine keeps no per-destination metrics (it behaves as 1; 0 is Linux's default)", 0, 1);
        integer("tcp_dsack", t -> t.tcpDsack, (t, v) -> t.tcpDsack = v, 0, 1);
        // F-RTO (LossRecovery.enterLoss / processLoss): 6.x only asks whether it is non-zero, so 1 is 2.
        integer("tcp_frto", t -> t.tcpFrto, (t, v) -> t.tcpFrto = v, 0, 2);
        integer("tcp_reordering", t -> t.tcpReordering, (t, v) -> t.tcpReordering = v, 1, 300);
        behavesAs("tcp_recovery", t -> t.tcpRecovery, (t, v) -> t.tcpRecovery = v, 0, 7,
                "the engine models only the default loss recovery", 1);
        behavesAs("tcp_ecn", t -> t.tcpEcn, (t, v) -> t.tcpEcn = v, 0, 5,
                "the engine models classic ECN (0, 1, 2), not Accurate ECN", 2, 0, 1);
        ENTRIES.put("tcp_fastopen", new Entry(t -> String.valueOf(t.tcpFastopen),
                (t, v) -> t.tcpFastopen = (int) parse("tcp_fastopen", v, 0, Integer.MAX_VALUE), Tunables::unmodelledFastOpen));
        ENTRIES.put("tcp_fastopen_key", new Entry(t -> t.tcpFastopenKey, (t, v) -> t.tcpFastopenKey = parseFastOpenKey(v),
                v -> MODELLED));
        behavesAs("tcp_mtu_probing", t -> t.tcpMtuProbing, (t, v) -> t.tcpMtuProbing = v, 0, 2,
                "the engine does not probe the path MTU", 0);
        behavesAs("tcp_base_mss", t -> t.tcpBaseMss, (t, v) -> t.tcpBaseMss = v, 1, 65535,
                "the engine does not probe the path MTU", 1024);
        behavesAs("tcp_moderate_rcvbuf", t -> t.tcpModerateRcvbuf, (t, v) -> t.tcpModerateRcvbuf = v, 0, 1,
                "the engine models only the default receive-buffer moderation", 1);
        behavesAs("tcp_autocorking", t -> t.tcpAutocorking, (t, v) -> t.tcpAutocorking = v, 0, 1,
                "the engine models only the default autocorking", 1);
        behavesAs("tcp_thin_linear_timeouts", t -> t.tcpThinLinearTimeouts, (t, v) -> t.tcpThinLinearTimeouts = v, 0, 1,
                "the engine does not model thin-stream linear timeouts", 0);
        ENTRIES.put("tcp_rmem", new Entry(t -> triple(t.tcpRmem), (t, v) -> t.tcpRmem = parseTriple("tcp_rmem", v), v -> MODELLED));
        ENTRIES.put("tcp_notsent_lowat", new Entry(t -> String.valueOf(t.tcpNotsentLowat),
                (t, v) -> t.tcpNotsentLowat = parse("tcp_notsent_lowat", v, 0, 4294967295L), v -> MODELLED));
        ENTRIES.put("tcp_wmem", new Entry(t -> triple(t.tcpWmem), (t, v) -> t.tcpWmem = parseTriple("tcp_wmem", v), v -> MODELLED));
        ENTRIES.put("tcp_congestion_control", new Entry(t -> t.tcpCongestionControl, (t, v) -> {
            if (!java.util.Set.of("cubic", "reno", "bbr").contains(v.trim())) {
                throw new IllegalArgumentException("tcp_congestion_control: unknown algorithm '" + v.trim() + "'");
            }
            t.tcpCongestionControl = v.trim();
        }, v -> CongestionControl.named(v).isPresent() ? MODELLED : Optional.of("tcp_congestion_control=" + v.trim()
                + ": the engine models cubic and reno, not " + v.trim())));
        integer("somaxconn", t -> t.coreSomaxconn, (t, v) -> t.coreSomaxconn = v, 0, Integer.MAX_VALUE);
        ENTRIES.put("rmem_max", new Entry(t -> String.valueOf(t.coreRmemMax),
                (t, v) -> t.coreRmemMax = parse("rmem_max", v, 256, Integer.MAX_VALUE), v -> MODELLED));
        ENTRIES.put("wmem_max", new Entry(t -> String.valueOf(t.coreWmemMax),
                (t, v) -> t.coreWmemMax = parse("wmem_max", v, 256, Integer.MAX_VALUE), v -> MODELLED));
    }

    /**
     * Sets a tunable by its sysctl name, with or without the {@code net.ipv4.} / {@code net.core.}
     * prefix and with {@code /} or {@code .} separators ({@code net/ipv4/tcp_sack} works too).
     *
     * @throws IllegalArgumentException naming the sysctl and the accepted range (Linux refuses such a
     *     value too), or for a name the engine does not have
     * @throws UnmodelledTunableException for a valid value whose effect the engine does not model;
     *     nothing changes then
     */
    public void set(String sysctlName, String value) {
        Entry e = ENTRIES.get(shortName(sysctlName));
        if (e == null) {
            throw new IllegalArgumentException("unknown sysctl '" + sysctlName + "' (the engine models "
                    + String.join(", ", ENTRIES.keySet()) + ")");
        }
        e.set().accept(new Tunables(), value);
        Optional<String> unmodelled = e.unmodelled().apply(value);
        if (unmodelled.isPresent()) {
            throw new UnmodelledTunableException(unmodelled.get());
        }
        e.set().accept(this, value);
    }

    /** The current value as {@code sysctl -n} prints it. */
    public String get(String sysctlName) {
        Entry e = ENTRIES.get(shortName(sysctlName));
        if (e == null) {
            throw new IllegalArgumentException("unknown sysctl '" + sysctlName + "'");
        }
        return e.get().apply(this);
    }

    /** Every tunable with its current value, by full sysctl name ({@code net.ipv4.tcp_syn_retries}). */
    public Map<String, String> values() {
        Map<String, String> out = new TreeMap<>();
        for (var e : ENTRIES.entrySet()) {
            out.put(fullName(e.getKey()), e.getValue().get().apply(this));
        }
        return out;
    }

    /** {@code net.core.somaxconn} or {@code net.ipv4.tcp_sack}: the name under /proc/sys. */
    public static String fullName(String shortName) {
        return (java.util.Set.of("somaxconn", "rmem_max", "wmem_max").contains(shortName) ? "net.core." : "net.ipv4.")
                + shortName;
    }

    /** Whether the engine has this tunable (some of its values may still be unmodelled). */
    public static boolean isKnown(String sysctlName) {
        return ENTRIES.containsKey(shortName(sysctlName));
    }

    /** Bits of net.ipv4.tcp_fastopen (include/net/tcp.h). */
    static final int TFO_SERVER_ENABLE = 0x2;
    static final int TFO_CLIENT_NO_COOKIE = 0x4;
    static final int TFO_SERVER_COOKIE_NOT_REQD = 0x200;
    static final int TFO_SERVER_WO_SOCKOPT1 = 0x400;

    /**
     * Client and server Fast Open are modelled ({@link FastOpen}, {@link FastOpenServer}), the
     * cookie-less client (0x4) included; bits 16 and up are unused since Linux 4.x.
     */
    private static Optional<String> unmodelledFastOpen(String value) {
        parse("tcp_fastopen", value, 0, Integer.MAX_VALUE);
        return MODELLED;
    }

    /** proc_tcp_fastopen_key: one or two keys of four 32-bit hex words joined by '-'. */
    private static String parseFastOpenKey(String value) {
        String v = value.trim();
        if (!v.matches("[0-9a-fA-F]{1,8}(-[0-9a-fA-F]{1,8}){3}(,[0-9a-fA-F]{1,8}(-[0-9a-fA-F]{1,8}){3})?")) {
            throw new IllegalArgumentException("tcp_fastopen_key: '" + v + "' is not a key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx)");
        }
        return v;
    }

    /** tcp_orphan_retries() in tcp_timer.c: 0 means 8. */
    int effectiveOrphanRetries() {
        return tcpOrphanRetries == 0 ? 8 : tcpOrphanRetries;
    }

    private static String shortName(String sysctlName) {
        String n = sysctlName.trim().replace('/', '.').toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"net.ipv4.", "net.core.", "net.ipv6."}) {
            if (n.startsWith(prefix)) {
                return n.substring(prefix.length());
            }
        }
        return n;
    }

    private static long parse(String name, String value, long min, long max) {
        long v;
        try {
            // proc_dointvec parses with base 0 (simple_strtoul): 0x… is hex, a leading 0 octal.
            String text = value.trim();
            boolean negative = text.startsWith("-");
            String digits = negative ? text.substring(1) : text;
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                v = Long.parseLong(digits.substring(2), 16);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                v = Long.parseLong(digits.substring(1), 8);
            } else {
                v = Long.parseLong(digits);
            }
            v = negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value.trim() + "' is not an integer");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static long[] parseTriple(String name, String value) {
        String[] parts = value.trim().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException(name + ": expected three integers 'min default max', got '" + value.trim() + "'");
        }
        long[] r = new long[3];
        for (int i = 0; i < 3; i++) {
            r[i] = parse(name, parts[i], 1, Integer.MAX_VALUE);
        }
        return r;
    }

    private static String triple(long[] v) {
        return v[0] + "\t" + v[1] + "\t" + v[2];
    }
}
