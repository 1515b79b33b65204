package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Action;
import dev.jdrill.grammar.ast.Direction;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.IpInfo;
import dev.jdrill.grammar.ast.PacketAction;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.StateAssertion;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.grammar.ast.UdpPacket;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.grammar.validate.KnownNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Packetdrill's semantic rules over a parsed script (from parser.y and run.c), plus jdrill's. Reports every
 * problem of the file, in source order, each at the node it concerns.
 */
public final class Validator {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private Validator() {
    }

    public static List<Diagnostic> validate(Script script) {
        Validator validator = new Validator();
        validator.script(script);
        return List.copyOf(validator.diagnostics);
    }

    private void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }

    private void script(Script script) {
        if (script.events().isEmpty()) {
            error(script.span(), "script has no events");
            return;
        }
        Event first = script.events().getFirst();
        // run.c: the first event's time value (absolute or relative) must be 0 (a range's start, likewise).
        if (startMicros(first.time()) != 0) {
            error(first.time().span(), "first event should be at time 0");
        }
        Event previous = null;
        for (Event event : script.events()) {
            time(event, previous);
            action(event.action());
            previous = event;
        }
    }

    private static long startMicros(EventTime time) {
        return switch (time) {
            case EventTime.Absolute a -> a.micros();
            case EventTime.Relative r -> r.micros();
            case EventTime.Range r -> r.startMicros();
            case EventTime.AnyTime any -> 0;
            case EventTime.Now now -> 0;
        };
    }

    private static boolean isAbsolute(EventTime time) {
        return time instanceof EventTime.Absolute || (time instanceof EventTime.Range r && !r.relative());
    }

    private void time(Event event, Event previous) {
        EventTime time = event.time();
        if (time instanceof EventTime.Range range && range.endMicros() < range.startMicros()) {
            error(time.span(), "time range is backwards");
        }
        boolean outboundPacket = event.action() instanceof PacketAction p && p.direction() == Direction.OUTBOUND;
        if (time instanceof EventTime.AnyTime && !outboundPacket) {
            error(time.span(), "event time * can only be used with outbound packets");
        }
        if (time instanceof EventTime.Range && !outboundPacket) {
            error(time.span(), "event time range can only be used with outbound packets");
        }
        if (previous != null && isAbsolute(previous.time()) && isAbsolute(time)
                && startMicros(time) < startMicros(previous.time())) {
            error(time.span(), "time goes backward in script from " + seconds(startMicros(previous.time()))
                    + " s to " + seconds(startMicros(time)) + " s");
        }
        if (event.action() instanceof Syscall call && call.end().isPresent() && isAbsolute(time)
                && call.end().get().micros() < startMicros(time)) {
            error(call.end().get().span(), "blocking call ends (" + seconds(call.end().get().micros())
                    + " s) before it starts (" + seconds(startMicros(time)) + " s)");
        }
    }

    private static String seconds(long micros) {
        return dev.jdrill.grammar.parse.Numbers.formatSeconds(micros);
    }

    private void action(Action action) {
        switch (action) {
            case TcpPacket tcp -> tcp(tcp);
            case UdpPacket udp -> ipInfo(udp, udp.ipInfo(), true);
            case IcmpPacket icmp -> ipInfo(icmp, icmp.ipInfo(), false);
            case Syscall call -> syscall(call);
            case StateAssertion state -> state(state);
            default -> {
                // Commands and code blocks have no rules of their own.
            }
        }
    }

    private void tcp(TcpPacket tcp) {
        ipInfo(tcp, tcp.ipInfo(), false);
        if (tcp.seq().orElse(null) instanceof SeqSpec.Full full && ((full.start() + full.length()) & 0xffffffffL) != full.end()) {
            error(full.span(), "inconsistent TCP sequence numbers and payload size: " + full.start() + " + "
                    + full.length() + " is not " + full.end());
        }
        if (tcp.direction() == Direction.INBOUND && !tcp.isShorthand() && tcp.window().isEmpty()) {
            error(tcp.span(), "inbound TCP segment needs a window: add 'win N'");
        }
        if (tcp.direction() == Direction.INBOUND && tcp.options() instanceof TcpOptionsSpec.AnyOptions any) {
            error(any.span(), "<...> for TCP options can only be used with outbound packets");
        }
    }

    private void ipInfo(PacketAction packet, Optional<IpInfo> ipInfo, boolean udp) {
        if (ipInfo.isEmpty() || ipInfo.get().tos().isEmpty()) {
            return;
        }
        IpInfo.TosSpec tos = ipInfo.get().tos().get();
        if (tos instanceof IpInfo.TosSpec.EitherEct && packet.direction() != Direction.OUTBOUND) {
            error(tos.span(), "[ect01] can only be used with outbound packets");
        }
        if (udp && (tos instanceof IpInfo.TosSpec.Ecn || tos instanceof IpInfo.TosSpec.EitherEct)) {
            error(tos.span(), "ECN can only be used with TCP packets");
        }
    }

    private void syscall(Syscall call) {
        if (call.name().startsWith("sctp_")) {
            // tuexen's packetdrill's SCTP API calls (sctp_bindx, sctp_sendv, ...).
            error(call.span(), "SCTP is not supported (jdrill runs TCP, UDP and ICMP scripts): '" + call.name() + "'");
        } else if (SyscallCatalogue.byName(call.name()).isEmpty()) {
            error(call.span(), "unknown system call '" + call.name() + "'" + suggestion(call.name(), SyscallCatalogue.names()));
        }
        call.errno().ifPresent(errno -> {
            if (!KnownNames.ERRNOS.contains(errno)) {
                error(call.span(), "unknown errno name '" + errno + "'" + suggestion(errno, KnownNames.ERRNOS));
            }
        });
    }

    private void state(StateAssertion state) {
        if (!KnownNames.TCP_STATES.contains(state.state())) {
            error(state.span(), "unknown TCP state '" + state.state() + "'" + suggestion(state.state(), KnownNames.TCP_STATES)
                    + " (known: " + String.join(", ", KnownNames.TCP_STATES.stream().sorted().toList()) + ")");
        }
    }

    private static String suggestion(String name, Set<String> known) {
        return KnownNames.closest(name, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }
}
