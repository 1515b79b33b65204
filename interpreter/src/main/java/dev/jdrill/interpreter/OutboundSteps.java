package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.interpreter.connection.InboundSegmentBuilder;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptSpace;
import dev.jdrill.interpreter.matching.OutboundMatcher;
import dev.jdrill.interpreter.matching.SegmentMismatch;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code >} lines (run_packet.c, do_outbound_script_packet): the next packet of the connection under test
 * is joined with the rest of its GSO burst, renumbered into script space, compared with the line and its
 * time checked. An untimed line (the REPL's {@code > F.}) accepts a packet sent at any time before it.
 */
final class OutboundSteps {
    /** How long past its deadline we still wait for a segment, to report how late it came (packetdrill: 2 s). */
    private static final long LATE_REPORT_MICROS = 2_000_000;
    /** How far {@code *} waits for a segment. */
    private static final long ANY_TIME_LIMIT_MICROS = 3_600_000_000L;

    private final RunContext run;
    private final SentSegments sent;

    OutboundSteps(RunContext run, SentSegments sent) {
        this.run = run;
        this.sent = sent;
    }

    /** @return the send-order index of the packet matched (of its first part, when a burst was joined) */
    int expect(Event event, TcpPacket line, ScheduledTime when, long slack) throws StopRun {
        ScriptConnection connection = run.current.orElseThrow(
                () -> RunContext.fail(event.span(), "no matching socket for script packet"));
        long waitStarted = run.target.nowMicros();
        boolean untimed = event.time() instanceof EventTime.Now;
        long deadline = when.anyTime() ? run.target.nowMicros() + ANY_TIME_LIMIT_MICROS
                : when.deadline(slack) + (untimed ? 0 : LATE_REPORT_MICROS);
        TcpFlags expectedFlags;
        try {
            expectedFlags = new TcpFlags(line.flags().bits());
            // Options must be buildable before anything is compared (an undefined -D symbol, bad hex).
            InboundSegmentBuilder.options(line.options());
        } catch (IllegalArgumentException e) {
            throw RunContext.fail(event.span(), "cannot build this segment: " + e.getMessage());
        }
        Optional<TraceEntry.Window> window = when.anyTime() ? Optional.empty()
                : Optional.of(new TraceEntry.Window(when.start() - slack, when.end() + slack));
        String expectedText = PacketSteps.lineNotation(line);
        Optional<SentSegments.Taken> first = nextOfConnection(connection, deadline, event);
        if (first.isEmpty()) {
            run.trace.add(new TraceEntry.Expected(when.start(), expectedText, event.span().line(), window));
            throw StopRun.fail(RunFailure.of(event.span(), "expected an outbound packet but none was sent")
                    .withSegments(expectedText, Optional.empty())
                    .withTiming("expected " + when.describe(slack) + ", nothing was sent by "
                            + ScheduledTime.seconds(deadline) + " s")
                    .withExplanation("the stack sent nothing where the script expected "
                            + describeExpected(expectedFlags) + "."));
        }
        List<SentSegments.Taken> parts = run.settings.strictSegments() ? List.of(first.get())
                : burst(first.get(), expectedPayload(line), connection, deadline, event);
        SentPacket packet = joined(parts);
        TcpSegment tcp = packet.packet().tcp().orElseThrow();
        long scriptIsn = line.seq().map(s -> switch (s) {
            case SeqSpec.Full f -> f.start();
            case SeqSpec.Short sh -> sh.start();
        }).orElse(0L);
        PacketSteps.learnFromOutbound(connection, tcp, scriptIsn, expectedFlags);
        TcpSegment script = ScriptSpace.toScript(tcp, connection, Optional.of(line));
        String actualText = script.toScript();
        sent.matched(parts, new TraceEntry.Sent(packet.timeMicros(), packet.packet(), actualText, event.span().line(), window));
        Optional<SegmentMismatch> mismatch = OutboundMatcher.mismatch(line, packet.packet(), script,
                new OutboundMatcher.TsValCheck(run.settings.tsTickUsecs(), run.tolerance.allowedFor(when.start())));
        String timing = "expected " + (untimed ? "at any time" : when.describe(slack)) + ", happened at "
                + ScheduledTime.seconds(packet.timeMicros()) + " s";
        if (run.settings.nonFatalPacket() && (mismatch.isPresent()
                || (!untimed && !when.accepts(packet.timeMicros(), slack)))) {
            // --non_fatal=packet: packetdrill warns and goes on with the next event.
            run.verboseLines.add("warning: line " + event.span().line() + ": "
                    + mismatch.map(m -> "bad outbound packet: " + m.field() + ": expected " + m.expected()
                            + " but got " + m.actual()).orElse("timing error: " + timing));
            if (!first.get().learnedFrom()) {
                run.peer.observed(script);
            }
            return first.get().index();
        }
        if (mismatch.isPresent()) {
            run.trace.add(new TraceEntry.Expected(when.start(), expectedText, event.span().line(), window));
            SegmentMismatch m = mismatch.get();
            throw StopRun.fail(RunFailure.of(event.span(), "bad outbound packet: " + m.field() + ": expected "
                            + m.expected() + " but got " + m.actual())
                    .withSegments(expectedText, Optional.of(actualText))
                    .withTiming(timing)
                    .withExplanation(capitalized(m.explanation()) + "."));
        }
        if (!untimed && !when.accepts(packet.timeMicros(), slack)) {
            run.trace.add(new TraceEntry.Expected(when.start(), expectedText, event.span().line(), window));
            boolean early = packet.timeMicros() < when.start();
            throw StopRun.fail(RunFailure.of(event.span(), "timing error: expected outbound packet "
                            + when.describe(slack) + " but it happened at " + ScheduledTime.seconds(packet.timeMicros()) + " s")
                    .withSegments(expectedText, Optional.of(actualText))
                    .withTiming(timing)
                    .withExplanation("The stack sent " + describeExpected(expectedFlags) + " "
                            + ScheduledTime.seconds(Math.abs(packet.timeMicros() - when.start())) + " s "
                            + (early ? "earlier" : "later") + " than the script expected."));
        }
        if (!first.get().learnedFrom()) {
            run.peer.observed(script);
        }
        anchorNextEvent(parts, waitStarted);
        return first.get().index();
    }

    /**
     * packetdrill's next relative time counts from the moment its main thread has read and checked the
     * packet (run.c adjust_relative_event_times: now), which, its sniffer waiting in a read and its check
     * taking microseconds, is when the packet was sent or, for one already queued, when the event began.
     * On a wall-clock target that moment is taken, not jdrill's own now, which also holds the time its
     * matching took: milliseconds on a cold code path (the first IPv6 or ECN segment of a run), which
     * delayed the next injection and failed scripts packetdrill passes.
     */
    private void anchorNextEvent(List<SentSegments.Taken> parts, long waitStarted) {
        if (run.target.virtualTime()) {
            return;
        }
        long lastSent = parts.stream().mapToLong(p -> p.sent().timeMicros()).max().orElse(waitStarted);
        run.eventFinishedAt(Math.max(lastSent, waitStarted));
    }

    /** As packetdrill's sniffer does, packets of other flows are passed over. */
    private Optional<SentSegments.Taken> nextOfConnection(ScriptConnection connection, long deadline, Event event)
            throws StopRun {
        try {
            while (true) {
                Optional<SentSegments.Taken> next = sent.next(deadline);
                if (next.isEmpty() || ofConnection(next.get(), connection)) {
                    return next;
                }
            }
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }

    private static boolean ofConnection(SentSegments.Taken taken, ScriptConnection connection) {
        return taken.tcp().isPresent() && PacketSteps.belongsTo(taken.tcp().get(), taken.sent().packet(), connection);
    }

    /** The payload length the script line states, if it states one. */
    private static int expectedPayload(TcpPacket line) {
        return line.seq().map(s -> switch (s) {
            case SeqSpec.Full f -> (int) f.length();
            case SeqSpec.Short sh -> sh.length().map(Long::intValue).orElse(-1);
        }).orElse(-1);
    }

    /**
     * As packetdrill does (without --strict_segments): consecutive packets of the flow are joined until
     * their payload reaches what the script expects, since a TSO/GSO burst may leave the stack as several
     * smaller packets. Every packet but the last must be as long as the one before, and all must agree in
     * SYN/RST/ACK, ack number and header length.
     */
    private List<SentSegments.Taken> burst(SentSegments.Taken first, int expected, ScriptConnection connection,
            long deadline, Event event) throws StopRun {
        List<SentSegments.Taken> parts = new ArrayList<>(List.of(first));
        TcpSegment head = first.tcp().orElseThrow();
        int total = head.payload().length();
        while (expected >= 0 && total < expected && !head.flags().syn()) {
            Optional<SentSegments.Taken> next = nextOfConnection(connection, deadline, event);
            if (next.isEmpty()) {
                break;
            }
            TcpSegment previous = parts.getLast().tcp().orElseThrow();
            TcpSegment current = next.get().tcp().orElseThrow();
            int length = current.payload().length();
            boolean compatible = current.flags().syn() == previous.flags().syn()
                    && current.flags().rst() == previous.flags().rst()
                    && current.flags().ack() == previous.flags().ack()
                    && current.ack() == previous.ack()
                    && current.headerLength() == previous.headerLength()
                    && (length >= expected - total || length == previous.payload().length());
            parts.add(next.get());
            total += length;
            if (!compatible) {
                break;
            }
        }
        return parts;
    }

    /** The burst as one packet: the last part's headers and time, the first one's seq and CWR, all the payload. */
    private static SentPacket joined(List<SentSegments.Taken> parts) {
        SentPacket last = parts.getLast().sent();
        if (parts.size() == 1) {
            return last;
        }
        TcpSegment head = parts.getFirst().tcp().orElseThrow();
        TcpSegment lastTcp = last.packet().tcp().orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        parts.forEach(p -> bytes.writeBytes(p.tcp().orElseThrow().payload().toByteArray()));
        TcpFlags flags = head.flags().has(TcpFlags.CWR) ? lastTcp.flags().with(TcpFlags.CWR)
                : lastTcp.flags().without(TcpFlags.CWR);
        TcpSegment joined = new TcpSegment(lastTcp.sourcePort(), lastTcp.destinationPort(), head.seq(), lastTcp.ack(),
                flags, lastTcp.window(), lastTcp.urgentPointer(), lastTcp.options(), Payload.of(bytes.toByteArray()));
        return new SentPacket(last.packet().withTransport(joined), last.timeMicros());
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
