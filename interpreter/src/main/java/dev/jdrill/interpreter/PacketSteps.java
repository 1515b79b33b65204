package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.interpreter.connection.InboundIcmpBuilder;
import dev.jdrill.interpreter.connection.InboundSegmentBuilder;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptConnection.Phase;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import java.util.Optional;

/**
 * {@code <} lines (run_packet.c): building and injecting the peer's segments; and what the stack's
 * segments teach and which connection they belong to, which {@link OutboundSteps} asks.
 */
final class PacketSteps {

    private final RunContext run;

    PacketSteps(RunContext run) {
        this.run = run;
    }

    void inbound(Event event, TcpPacket line, ScheduledTime when, long slack) throws StopRun {
        try {
            // The segment is built before the wait, as nothing it depends on changes meanwhile (only
            // events do), so the time building takes (milliseconds on a cold code path: the first IPv6
            // or ECN segment of a run) does not make the injection late, as it does not in packetdrill.
            TcpFlags flags = new TcpFlags(line.flags().bits());
            ScriptConnection connection = connectionForInbound(event, flags);
            TcpSegment script = InboundSegmentBuilder.scriptSegment(line, connection, run.peer);
            // The peer's ISN is learned only where the connection begins, as in packetdrill: from the SYN
            // that opens it (handle_listen_for_script_packet) or the SYN-ACK answering the stack's SYN
            // (do_inbound_script_packet). A later SYN — a rebooted peer's, a duplicate — keeps the numbering.
            boolean opensConnection = flags.syn() && connection.phase() == Phase.SYN_RECEIVED && !connection.remoteIsnKnown();
            boolean answersOurSyn = flags.syn() && flags.ack() && connection.phase() == Phase.CONNECTING;
            if (opensConnection || answersOurSyn) {
                connection.learnRemoteIsn(script.seq());
            }
            if (answersOurSyn) {
                connection.setPhase(Phase.SYNCHRONIZED);
            }
            IpPacket live = InboundSegmentBuilder.livePacket(line, script, connection, run.settings.tsEcrScaled());
            run.target.waitUntil(when.start());
            checkNotLate(event, "inbound packet", when, slack);
            // Stamped before the write: the kernel may answer before inject() returns, and the trace
            // must show the cause before the effect.
            long now = run.target.nowMicros();
            run.target.inject(live);
            run.peer.injected(script);
            run.trace.add(new TraceEntry.Injected(now, live, script.toScript(), event.span().line()));
            if (run.verbose) {
                run.verboseLines.add(String.format(java.util.Locale.ROOT, "%.6f inject line %d (%+d us late): < %s",
                        now / 1e6, event.span().line(), now - when.start(), script.toScript()));
            }
        } catch (InboundSegmentBuilder.UnmappableEcr e) {
            throw RunContext.fail(event.span(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw RunContext.fail(event.span(), "cannot build this segment: " + e.getMessage());
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    /** {@code < icmp ...}: an ICMP error about the connection under test. */
    void inboundIcmp(Event event, IcmpPacket line, ScheduledTime when, long slack) throws StopRun {
        ScriptConnection connection = run.current.orElseThrow(
                () -> RunContext.fail(event.span(), "no matching socket for script packet"));
        try {
            run.target.waitUntil(when.start());
            checkNotLate(event, "inbound packet", when, slack);
            IpPacket live = InboundIcmpBuilder.livePacket(line, connection);
            long now = run.target.nowMicros();
            run.target.inject(live);
            run.trace.add(new TraceEntry.Injected(now, live, "icmp " + line.type() + line.code().map(c -> " " + c).orElse(""),
                    event.span().line()));
        } catch (IllegalArgumentException e) {
            throw RunContext.fail(event.span(), "cannot build this ICMP packet: " + e.getMessage());
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    private ScriptConnection connectionForInbound(Event event, TcpFlags flags) throws StopRun {
        Optional<ScriptConnection> current = run.current;
        boolean listening = current.isEmpty() || current.get().phase() == Phase.LISTENING;
        if (flags.syn() && !flags.ack() && listening) {
            // A SYN to a listener (or to no socket at all) opens a new connection under test.
            ScriptConnection child = run.newConnection(run.bindPort, run.nextEphemeralPort());
            child.setPhase(Phase.SYN_RECEIVED);
            run.current = Optional.of(child);
            return child;
        }
        return current.orElseThrow(() -> RunContext.fail(event.span(), "no matching socket for script packet"));
    }

    /**
     * The stack's SYN (active open) or SYN-ACK (passive open) teaches its port and ISN; {@code scriptIsn} is
     * the one the script writes for it (a session reporting a segment before any line asserts it writes 0).
     */
    static void learnFromOutbound(ScriptConnection connection, TcpSegment live, long scriptIsn, TcpFlags expected) {
        if (connection.phase() == Phase.CONNECTING && live.flags().syn() && !live.flags().ack()) {
            connection.setLocalPort(live.sourcePort());
            connection.learnLocalIsn(live.seq(), scriptIsn);
        } else if (live.flags().syn() && live.flags().ack() && expected.syn() && !connection.localIsnKnown()) {
            connection.learnLocalIsn(live.seq(), scriptIsn);
            connection.setPhase(Phase.SYNCHRONIZED);
        } else if (live.flags().syn() && !connection.localIsnKnown()) {
            connection.learnLocalIsn(live.seq(), scriptIsn);
        }
    }

    static boolean belongsTo(TcpSegment segment, IpPacket packet, ScriptConnection connection) {
        if (!packet.destination().equals(connection.remoteAddress()) && !sameMapped(packet, connection)) {
            return false;
        }
        if (connection.phase() == Phase.CONNECTING && !connection.localIsnKnown()) {
            // Until its SYN is seen the new connection's local port is unknown: only that SYN can be
            // it (find_connect_for_live_packet); an earlier connection's FIN or ACK to the same peer is not.
            return segment.flags().syn() && !segment.flags().ack() && segment.destinationPort() == connection.remotePort();
        }
        return segment.sourcePort() == connection.localPort() && segment.destinationPort() == connection.remotePort();
    }

    private static boolean sameMapped(IpPacket packet, ScriptConnection connection) {
        return packet.destination().getHostAddress().equals(connection.remoteAddress().getHostAddress());
    }

    private void checkNotLate(Event event, String what, ScheduledTime when, long slack) throws StopRun {
        long now = run.target.nowMicros();
        if (!run.target.virtualTime() && !when.accepts(now, slack)) {
            throw StopRun.fail(RunFailure.of(event.span(), "timing error: expected " + what + " " + when.describe(slack)
                    + " but happened at " + ScheduledTime.seconds(now) + " s")
                    .withExplanation("The test host could not keep up with the script's timing."));
        }
    }

    static String lineNotation(TcpPacket line) {
        StringBuilder sb = new StringBuilder(line.flags().text());
        line.seq().ifPresent(s -> {
            switch (s) {
                case SeqSpec.Full f -> sb.append(' ').append(f.start()).append(':').append(f.end()).append('(').append(f.length()).append(')');
                case SeqSpec.Short sh -> {
                    sb.append(" seq ").append(sh.start());
                    sh.length().ifPresent(l -> sb.append(" len ").append(l));
                }
            }
        });
        line.ack().ifPresent(a -> sb.append(" ack ").append(a));
        line.window().ifPresent(w -> sb.append(" win ").append(w));
        switch (line.options()) {
            case dev.jdrill.grammar.ast.TcpOptionsSpec.AnyOptions any -> sb.append(" <...>");
            case dev.jdrill.grammar.ast.TcpOptionsSpec.OptionList list -> {
                sb.append(" <");
                var opts = InboundSegmentBuilder.options(list);
                for (int i = 0; i < opts.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(opts.get(i).toScript());
                }
                sb.append('>');
            }
            case dev.jdrill.grammar.ast.TcpOptionsSpec.Unspecified u -> { }
        }
        return sb.toString();
    }
}
