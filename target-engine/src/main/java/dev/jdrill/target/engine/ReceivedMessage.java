package dev.jdrill.target.engine;

import dev.jdrill.engine.ExtendedError;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code struct msghdr} recvmsg writes back, in the script's notation, for the interpreter to hold
 * against what the script wrote: {@code msg_flags} and {@code msg_control}, a list of
 * {@code {cmsg_level=..., cmsg_type=..., cmsg_data=...}} (packetdrill's cmsg_expect_eq compares level,
 * type and data, and the number of control messages).
 */
final class ReceivedMessage {
    /** TCP_CM_INQ, the TCP_INQ control message type. */
    static final int TCP_CM_INQ = 36;
    /** SCM_TIMESTAMPING (= SO_TIMESTAMPING). */
    static final int SCM_TIMESTAMPING = 37;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;

    private ReceivedMessage() {
    }

    /**
     * An entry of the error queue (ip_recv_error / ipv6_recv_error): an AF_INET6 socket reports it at
     * SOL_IPV6 / IPV6_RECVERR, v4-mapped peers included. A timestamp comes with SCM_TIMESTAMPING
     * first, and with the sent packet as payload, which the script's empty iovec truncates (MSG_TRUNC).
     */
    static SocketValue errorQueueEntry(ExtendedError e, boolean ipv6Socket) {
        List<SocketValue> control = new ArrayList<>();
        long flags = SocketConstants.MSG_ERRQUEUE;
        if (e.timestampMicros().isPresent()) {
            long us = e.timestampMicros().getAsLong();
            control.add(cmsg(SocketConstants.SOL_SOCKET, SCM_TIMESTAMPING, new SocketValue.Struct(List.of(
                    field("scm_sec", us / 1_000_000), field("scm_nsec", us % 1_000_000 * 1000)))));
            flags |= SocketConstants.MSG_TRUNC;
        }
        control.add(cmsg(ipv6Socket ? SocketConstants.SOL_IPV6 : SocketConstants.SOL_IP,
                ipv6Socket ? IPV6_RECVERR : IP_RECVERR, new SocketValue.Struct(List.of(
                        field("ee_errno", e.errno()), field("ee_origin", e.origin()), field("ee_type", e.type()),
                        field("ee_code", e.code()), field("ee_info", e.info()), field("ee_data", e.data())))));
        return message(flags, control);
    }

    /** An ordinary read: no flags, and the TCP_CM_INQ hint when TCP_INQ is on. */
    static SocketValue data(java.util.OptionalLong inq) {
        List<SocketValue> control = new ArrayList<>();
        inq.ifPresent(v -> control.add(cmsg(SocketConstants.SOL_TCP, TCP_CM_INQ, new SocketValue.Int(v))));
        return message(0, control);
    }

    private static SocketValue message(long flags, List<SocketValue> control) {
        return new SocketValue.Struct(List.of(
                new SocketValue.Field("msg_flags", new SocketValue.Int(flags)),
                new SocketValue.Field("msg_control", new SocketValue.Array(control))));
    }

    private static SocketValue cmsg(long level, long type, SocketValue data) {
        return new SocketValue.Struct(List.of(field("cmsg_level", level), field("cmsg_type", type),
                new SocketValue.Field("cmsg_data", data)));
    }

    private static SocketValue.Field field(String name, long value) {
        return new SocketValue.Field(name, new SocketValue.Int(value));
    }
}
