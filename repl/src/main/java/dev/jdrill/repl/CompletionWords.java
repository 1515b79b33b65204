package dev.jdrill.repl;

import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.interpreter.target.SocketConstants;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The words of the language the REPL completes and highlights, by kind. */
final class CompletionWords {

    /** The socket calls of the catalogue that some target implements (the others can only SKIP). */
    static final List<String> SYSCALLS = java.util.Arrays.stream(SyscallCatalogue.values())
            .filter(c -> c.implementedBy("engine") || c.implementedBy("linux"))
            .map(SyscallCatalogue::callName).toList();

    /** TCP options as written inside {@code < >}. */
    static final List<String> TCP_OPTIONS = List.of("mss", "sackOK", "TS", "val", "ecr", "nop", "wscale", "sack", "eol",
            "md5", "FO", "FOEXP", "ECN");

    /** Words of a segment line besides its flags and options. */
    static final List<String> SEGMENT_WORDS = List.of("ack", "win", "seq", "len", "urg", "state");

    /** Flag combinations a segment line starts with. */
    static final List<String> TCP_FLAGS = List.of("S", "S.", ".", "P.", "F.", "R", "R.", "FP.", "SEW", "S.E");

    /** TCP states for {@code state} assertions (RFC 9293 / Linux names). */
    static final List<String> STATES = List.of("CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED",
            "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT");

    /** The tunables scripts set most, by full sysctl name. */
    static final List<String> SYSCTLS = List.of("net.ipv4.tcp_syn_retries", "net.ipv4.tcp_synack_retries",
            "net.ipv4.tcp_syn_linear_timeouts", "net.ipv4.tcp_retries1", "net.ipv4.tcp_retries2",
            "net.ipv4.tcp_orphan_retries", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_invalid_ratelimit",
            "net.ipv4.tcp_timestamps", "net.ipv4.tcp_sack", "net.ipv4.tcp_window_scaling", "net.ipv4.tcp_tw_reuse",
            "net.ipv4.tcp_abort_on_overflow", "net.ipv4.tcp_challenge_ack_limit", "net.ipv4.tcp_rfc1337",
            "net.ipv4.tcp_rto_min_us", "net.ipv4.tcp_rto_max_ms", "net.ipv4.tcp_slow_start_after_idle",
            "net.ipv4.tcp_early_retrans", "net.ipv4.tcp_syncookies", "net.ipv4.tcp_max_syn_backlog",
            "net.ipv4.tcp_dsack", "net.ipv4.tcp_frto", "net.ipv4.tcp_reordering", "net.ipv4.tcp_recovery",
            "net.ipv4.tcp_ecn", "net.ipv4.tcp_fastopen", "net.ipv4.tcp_mtu_probing", "net.ipv4.tcp_base_mss",
            "net.ipv4.tcp_moderate_rcvbuf", "net.ipv4.tcp_autocorking", "net.ipv4.tcp_thin_linear_timeouts",
            "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_congestion_control", "net.core.somaxconn",
            "net.core.rmem_max", "net.core.wmem_max");

    /** Constant names (AF_INET, SOCK_STREAM, SO_LINGER, TCP_NODELAY, O_NONBLOCK, errno names...). */
    static final List<String> CONSTANTS = constants();

    /** Everything but commands, for the completer. */
    static final List<String> SCRIPT_WORDS = scriptWords();

    private CompletionWords() {
    }

    /** SocketConstants names them all, so a constant the interpreter learns is completed without a change here. */
    private static List<String> constants() {
        TreeSet<String> names = new TreeSet<>();
        for (Field f : SocketConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().equals(f.getName().toUpperCase(java.util.Locale.ROOT))) {
                names.add(f.getName());
            }
        }
        for (dev.jdrill.wire.Errno e : dev.jdrill.wire.Errno.values()) {
            names.add(e.name());
        }
        return List.copyOf(names);
    }

    private static List<String> scriptWords() {
        List<String> all = new ArrayList<>(SYSCALLS);
        all.addAll(TCP_OPTIONS);
        all.addAll(SEGMENT_WORDS);
        all.addAll(STATES);
        all.addAll(CONSTANTS);
        all.add("sysctl");
        return List.copyOf(all);
    }
}
