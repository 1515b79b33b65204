package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.IcmpPacket;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.interpreter.connection.InboundIcmpBuilder;
import dev.jdrill.interpreter.connection.InboundSegmentBuilder;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptConnection.Phase;
import dev.jdrill.interpreter.connection.ScriptSpace;
import dev.jdrill.interpreter.matching.OutboundMatcher;
import dev.jdrill.interpreter.matching.SegmentMismatch;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import java.util.Optional;

/** {@code <} and {@code >} TCP lines (run_packet.c): injection, and matching what the stack sent. */
final class PacketSteps {
    /** How long past its deadline we still wait for a segment, to report how late it came (packetdrill: 2 s). */
    private static final long LATE_REPORT_MICROS = 2_000_000;
    /** How far {@code *} waits for a segment. */
    private static final long ANY_TIME_LIMIT_MICROS = 3_600_000_000L;

    private final RunContext run;

    PacketSteps(RunContext run) {
        this.run = run;
    }

    void inbound(Event event, TcpPacket line, ScheduledTime when, long slack) throws StopRun {
        try {
            run.target.waitUntil(when.start());
            checkNotLate(event, "inbound packet", when, slack);
            TcpFlags flags = TcpFlags.parseScript(scriptFlags(line.flags()));
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

    void outbound(Event event, TcpPacket line, ScheduledTime when, long slack) throws StopRun {
        ScriptConnection connection = run.current.orElseThrow(
                () -> RunContext.fail(event.span(), "no matching socket for script packet"));
        long deadline = when.anyTime() ? run.target.nowMicros() + ANY_TIME_LIMIT_MICROS : when.deadline(slack) + LATE_REPORT_MICROS;
        TcpFlags expectedFlags;
        try {
            expectedFlags = TcpFlags.parseScript(scriptFlags(line.flags()));
            // Options must be buildable before anything is compared (an undefined -D symbol, bad hex).
            InboundSegmentBuilder.options(line.options());
        } catch (IllegalArgumentException e) {
            throw RunContext.fail(event.span(), "cannot build this segment: " + e.getMessage());
        }
        Optional<TraceEntry.Window> window = when.anyTime() ? Optional.empty()
                : Optional.of(new TraceEntry.Window(when.start() - slack, when.end() + slack));
        while (true) {
            Optional<SentPacket> sent;
            try {
                sent = run.target.nextOutbound(deadline);
            } catch (TargetException e) {
                throw RunContext.stop(e, event);
            }
            if (sent.isEmpty()) {
                run.trace.add(new TraceEntry.Expected(when.start(), lineNotation(line), event.span().line(), window));
                throw StopRun.fail(RunFailure.of(event.span(), "expected an outbound packet but none was sent")
                        .withSegments(lineNotation(line), Optional.empty())
                        .withTiming("expected " + when.describe(slack) + ", nothing was sent by "
                                + ScheduledTime.seconds(deadline) + " s")
                        .withExplanation("the stack sent nothing where the script expected "
                                + describeExpected(expectedFlags) + "."));
            }
            SentPacket packet = sent.get();
            Optional<TcpSegment> tcp = packet.packet().tcp();
            if (tcp.isEmpty() || !belongsTo(tcp.get(), packet.packet(), connection)) {
                // As packetdrill's sniffer does, packets of other flows are passed over.
                run.trace.add(new TraceEntry.Sent(packet.timeMicros(), packet.packet(), tcp.map(TcpSegment::toScript).orElse("non-TCP"), 0));
                continue;
            }
            if (!run.settings.strictSegments()) {
                packet = aggregated(packet, expectedPayload(line), connection, deadline, event);
            }
            tcp = packet.packet().tcp();
            learnFromOutbound(connection, tcp.get(), line, expectedFlags);
            TcpSegment script = ScriptSpace.toScript(tcp.get(), connection, Optional.of(line));
            String actualText = script.toScript();
            run.trace.add(new TraceEntry.Sent(packet.timeMicros(), packet.packet(), actualText, event.span().line(), window));
            Optional<SegmentMismatch> mismatch = OutboundMatcher.mismatch(line, packet.packet(), script,
                    new OutboundMatcher.TsValCheck(run.settings.tsTickUsecs(), run.tolerance.allowedFor(when.start())));
            String timing = "expected " + when.describe(slack) + ", happened at " + ScheduledTime.seconds(packet.timeMicros()) + " s";
            if (run.settings.nonFatalPacket() && (mismatch.isPresent() || !when.accepts(packet.timeMicros(), slack))) {
                // --non_fatal=packet: packetdrill warns and goes on with the next event.
                run.verboseLines.add("warning: line " + event.span().line() + ": "
                        + mismatch.map(m -> "bad outbound packet: " + m.field() + ": expected " + m.expected()
                                + " but got " + m.actual()).orElse("timing error: " + timing));
                run.peer.observed(script);
                return;
            }
            if (mismatch.isPresent()) {
                run.trace.add(new TraceEntry.Expected(when.start(), lineNotation(line), event.span().line(), window));
                SegmentMismatch m = mismatch.get();
                throw StopRun.fail(RunFailure.of(event.span(), "bad outbound packet: " + m.field() + ": expected "
                                + m.expected() + " but got " + m.actual())
                        .withSegments(lineNotation(line), Optional.of(actualText))
                        .withTiming(timing)
                        .withExplanation(capitalized(m.explanation()) + "."));
            }
            if (!when.accepts(packet.timeMicros(), slack)) {
                run.trace.add(new TraceEntry.Expected(when.start(), lineNotation(line), event.span().line(), window));
                boolean early = packet.timeMicros() < when.start();
                throw StopRun.fail(RunFailure.of(event.span(), "timing error: expected outbound packet "
                                + when.describe(slack) + " but it happened at " + ScheduledTime.seconds(packet.timeMicros()) + " s")
                        .withSegments(lineNotation(line), Optional.of(actualText))
                        .withTiming(timing)
                        .withExplanation("The stack sent " + describeExpected(expectedFlags) + " "
                                + ScheduledTime.seconds(Math.abs(packet.timeMicros() - when.start())) + " s "
                                + (early ? "earlier" : "later") + " than the script expected."));
            }
            run.peer.observed(script);
            return;
        }
    }

    /** The payload length the script line states, if it states one. */
    private static int expectedPayload(TcpPacket line) {
        return line.seq().map(s -> switch (s) {
            case SeqSpec.Full f -> (int) f.length();
            case SeqSpec.Short sh -> sh.length().map(Long::intValue).orElse(-1);
        }).orElse(-1);
    }

    /**
     * As packetdrill does (run_packet.c, do_outbound_script_packet, without --strict_segments):
     * consecutive packets of the flow are joined until their payload reaches what the script expects,
     * since a TSO/GSO burst may leave the stack as several smaller packets. The joined packet has the
     * last packet's headers and time, the first one's seq and CWR; every packet but the last must be as
     * long as the one before, and all must agree in ports, SYN/RST/ACK, ack number and header length.
     */
    private SentPacket aggregated(SentPacket first, int expected, ScriptConnection connection, long deadline,
            Event event) throws StopRun {
        TcpSegment head = first.packet().tcp().orElseThrow();
        int total = head.payload().length();
        if (expected < 0 || total >= expected || head.flags().syn()) {
            return first;
        }
        java.util.List<SentPacket> parts = new java.util.ArrayList<>(java.util.List.of(first));
        while (total < expected) {
            Optional<SentPacket> next;
            try {
                next = run.target.nextOutbound(deadline);
            } catch (TargetException e) {
                throw RunContext.stop(e, event);
            }
            if (next.isEmpty()) {
                break;
            }
            SentPacket p = next.get();
            Optional<TcpSegment> t = p.packet().tcp();
            if (t.isEmpty() || !belongsTo(t.get(), p.packet(), connection)) {
                run.trace.add(new TraceEntry.Sent(p.timeMicros(), p.packet(), t.map(TcpSegment::toScript).orElse("non-TCP"), 0));
                continue;
            }
            TcpSegment previous = parts.getLast().packet().tcp().orElseThrow();
            TcpSegment current = t.get();
            int length = current.payload().length();
            boolean compatible = current.flags().syn() == previous.flags().syn()
                    && current.flags().rst() == previous.flags().rst()
                    && current.flags().ack() == previous.flags().ack()
                    && current.ack() == previous.ack()
                    && current.headerLength() == previous.headerLength()
                    && (length >= expected - total || length == previous.payload().length());
            parts.add(p);
            total += length;
            if (!compatible) {
                break;
            }
        }
        if (parts.size() == 1) {
            return first;
        }
        SentPacket last = parts.getLast();
        TcpSegment lastTcp = last.packet().tcp().orElseThrow();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(total);
        for (SentPacket part : parts) {
            bytes.writeBytes(part.packet().tcp().orElseThrow().payload().toByteArray());
        }
        TcpFlags flags = head.flags().has(TcpFlags.CWR) ? lastTcp.flags().with(TcpFlags.CWR)
                : lastTcp.flags().without(TcpFlags.CWR);
        TcpSegment joined = new TcpSegment(lastTcp.sourcePort(), lastTcp.destinationPort(), head.seq(), lastTcp.ack(),
                flags, lastTcp.window(), lastTcp.urgentPointer(), lastTcp.options(),
                dev.jdrill.wire.Payload.of(bytes.toByteArray()));
        return new SentPacket(last.packet().withTransport(joined), last.timeMicros());
    }

    /** The stack's SYN (active open) or SYN-ACK (passive open) teaches its port and ISN. */
    private void learnFromOutbound(ScriptConnection connection, TcpSegment live, TcpPacket line, TcpFlags expected) {
        long scriptIsn = line.seq().map(s -> switch (s) {
            case SeqSpec.Full f -> f.start();
            case SeqSpec.Short sh -> sh.start();
        }).orElse(0L);
        learnFromOutbound(connection, live, scriptIsn, expected);
    }

    /** As above, with the ISN the script writes for the stack given directly (the REPL writes 0). */
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

    static String scriptFlags(String written) {
        return written.isEmpty() ? "-" : written.replaceAll("[0-7]", "");
    }

    static String lineNotation(TcpPacket line) {
        StringBuilder sb = new StringBuilder(line.flags().isEmpty() ? "-" : line.flags());
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

    private static String describeExpected(TcpFlags flags) {
        if (flags.rst()) {
            return "a RST";
        }
        if (flags.syn()) {
            return flags.ack() ? "a SYN-ACK" : "a SYN";
        }
        if (flags.fin()) {
            return "a FIN";
        }
        return flags.ack() ? "an ACK" : "a segment";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
