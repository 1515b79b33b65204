package dev.jdrill.interpreter.connection;

import java.util.Map;
import java.util.Optional;

/**
 * ICMP type and code names as scripts write them ({@code unreachable frag_needed},
 * {@code packet_too_big}), for ICMPv4 (RFC 792/1700) and ICMPv6 (RFC 4443); also tcpdump's
 * {@code type_N} / {@code code_N} for anything else.
 */
final class IcmpTypes {
    private static final Map<String, Integer> V4_TYPES = Map.ofEntries(
            Map.entry("echo_reply", 0), Map.entry("unreachable", 3), Map.entry("source_quench", 4),
            Map.entry("redirect", 5), Map.entry("echo_request", 8), Map.entry("time_exceeded", 11),
            Map.entry("parameter_problem", 12), Map.entry("timestamp_request", 13), Map.entry("timestamp_reply", 14),
            Map.entry("information_request", 15), Map.entry("information_reply", 16),
            Map.entry("address_mask_request", 17), Map.entry("address_mask_reply", 18));
    private static final Map<String, Integer> V4_UNREACHABLE_CODES = Map.ofEntries(
            Map.entry("net_unreachable", 0), Map.entry("host_unreachable", 1), Map.entry("protocol_unreachable", 2),
            Map.entry("port_unreachable", 3), Map.entry("frag_needed", 4), Map.entry("source_route_failed", 5),
            Map.entry("net_unknown", 6), Map.entry("host_unknown", 7), Map.entry("source_host_isolated", 8),
            Map.entry("net_prohibited", 9), Map.entry("host_prohibited", 10), Map.entry("net_unreachable_for_tos", 11),
            Map.entry("host_unreachable_for_tos", 12), Map.entry("packet_filtered", 13),
            Map.entry("precedence_violation", 14), Map.entry("precedence_cutoff", 15));
    private static final Map<String, Integer> V6_TYPES = Map.of("unreachable", 1, "packet_too_big", 2,
            "time_exceeded", 3, "parameter_problem", 4, "echo_request", 128, "echo_reply", 129);
    private static final Map<String, Integer> V6_UNREACHABLE_CODES = Map.of("net_unreachable", 0, "no_route", 0,
            "admin_prohibited", 1, "not_neighbour", 2, "address_unreachable", 3, "port_unreachable", 4);
    private static final Map<String, Integer> V6_TIME_EXCEEDED_CODES = Map.of("exceeded_hop_limit", 0,
            "exceeded_frag_time", 1);
    private static final Map<String, Integer> V6_PARAMETER_CODES = Map.of("header_field", 0,
            "unknown_next_header", 1, "unknown_option", 2);

    private IcmpTypes() {
    }

    static Optional<Integer> type(String name, boolean ipv6) {
        if (name.startsWith("type_")) {
            return number(name.substring(5));
        }
        return Optional.ofNullable((ipv6 ? V6_TYPES : V4_TYPES).get(name));
    }

    /** The code for a type; a missing code means 0, as in packetdrill. */
    static Optional<Integer> code(int type, Optional<String> name, boolean ipv6) {
        if (name.isEmpty()) {
            return Optional.of(0);
        }
        String n = name.get();
        if (n.startsWith("code_")) {
            return number(n.substring(5));
        }
        Map<String, Integer> table = ipv6
                ? switch (type) {
                    case 1 -> V6_UNREACHABLE_CODES;
                    case 3 -> V6_TIME_EXCEEDED_CODES;
                    case 4 -> V6_PARAMETER_CODES;
                    default -> Map.of();
                }
                : type == 3 ? V4_UNREACHABLE_CODES : Map.of();
        return Optional.ofNullable(table.get(n));
    }

    private static Optional<Integer> number(String digits) {
        try {
            int v = Integer.parseInt(digits);
            return v >= 0 && v <= 255 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
