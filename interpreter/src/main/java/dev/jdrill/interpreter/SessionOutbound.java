package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptSpace;
import dev.jdrill.interpreter.matching.OutboundMatcher;
import dev.jdrill.interpreter.matching.SegmentMismatch;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The outbound side of a {@link ScriptSession}. Unlike a script run, which looks at what the stack sent
 * only when a {@code >} line asks, a session takes every packet off the target's queue as soon as it is
 * sent, learns from it what a {@code >} line would have taught (the stack's port and ISN), reports it,
 * and keeps it for the {@code >} lines that may follow: such a line matches the oldest segment reported
 * since the last line that was not a {@code >} line.
 */
final class SessionOutbound {
    /** How long past its deadline a timed {@code >} line still waits, to report how late the segment came. */
    private static final long LATE_REPORT_MICROS = 2_000_000;
    /** How far {@code *} waits for a segment. */
    private static final long ANY_TIME_LIMIT_MICROS = 3_600_000_000L;

    private record Seen(ObservedSegment observed, TcpSegment scriptSegment, int traceIndex) {
    }

    private final RunContext run;
    private final Consumer<ObservedSegment> listener;
    private final List<ObservedSegment> all = new ArrayList<>();
    private final ArrayDeque<Seen> unasserted = new ArrayDeque<>();

    SessionOutbound(RunContext run, Consumer<ObservedSegment> listener) {
        this.run = run;
        this.listener = listener;
    }

    List<ObservedSegment> all() {
        return List.copyOf(all);
    }

    /** A line other than {@code >} was entered: what was reported so far no longer waits for assertions. */
    void forgetUnasserted() {
        unasserted.clear();
    }

    /** Takes off the queue, in order, every packet sent up to {@code deadlineMicros} (virtual time moves there). */
    void drainUntil(long deadlineMicros) throws TargetException {
        while (true) {
            Optional<SentPacket> sent = run.target.nextOutbound(deadlineMicros);
            if (sent.isEmpty()) {
                return;
            }
            observe(sent.get());
        }
    }

    private Seen observe(SentPacket sent) {
        Optional<TcpSegment> tcp = sent.packet().tcp();
        Optional<ScriptConnection> connection = run.current;
        boolean ours = tcp.isPresent() && connection.isPresent()
                && PacketSteps.belongsTo(tcp.get(), sent.packet(), connection.get());
        TcpSegment script = null;
        String notation;
        if (ours) {
            ScriptConnection c = connection.get();
            // A session has no script line for the stack's ISN or TS val: it writes 0 and the live value.
            PacketSteps.learnFromOutbound(c, tcp.get(), 0, tcp.get().flags());
            script = ScriptSpace.toScriptWithTsVal(tcp.get(), c, tsVal(tcp.get()));
            run.peer.observed(script);
            notation = script.toScript();
        } else {
            notation = tcp.map(TcpSegment::toScript).orElse("non-TCP packet");
        }
        ObservedSegment observed = new ObservedSegment(all.size(), sent.timeMicros(), sent.packet(), notation, ours);
        all.add(observed);
        int traceIndex = run.trace.size();
        run.trace.add(new TraceEntry.Sent(sent.timeMicros(), sent.packet(), notation, 0));
        Seen seen = new Seen(observed, script, traceIndex);
        if (ours) {
            unasserted.add(seen);
        }
        listener.accept(observed);
        return seen;
    }

    private static Optional<Long> tsVal(TcpSegment segment) {
        for (TcpOption o : segment.options()) {
            if (o instanceof TcpOption.Timestamp ts) {
                return Optional.of(ts.val());
            }
        }
        return Optional.empty();
    }

    /**
     * A {@code >} line: the oldest unasserted segment of the connection under test, else the next one sent
     * by the line's deadline. An untimed line accepts a segment already reported whenever it was sent.
     *
     * @return the index of the segment matched
     */
    int expect(Event event, TcpPacket line, ScheduledTime when, long slack, boolean untimed) throws StopRun {
        run.current.orElseThrow(() -> RunContext.fail(event.span(), "no matching socket for script packet"));
        TcpFlags expectedFlags = new TcpFlags(line.flags().bits());
        long deadline = when.anyTime() ? run.target.nowMicros() + ANY_TIME_LIMIT_MICROS
                : untimed ? when.deadline(slack) : when.deadline(slack) + LATE_REPORT_MICROS;
        Optional<Seen> next = nextOfConnection(event, deadline);
        String expectedText = PacketSteps.lineNotation(line);
        if (next.isEmpty()) {
            run.trace.add(new TraceEntry.Expected(when.start(), expectedText, event.span().line()));
            throw StopRun.fail(RunFailure.of(event.span(), "expected an outbound packet but none was sent")
                    .withSegments(expectedText, Optional.empty())
                    .withTiming("expected " + when.describe(slack) + ", nothing was sent by " + ScheduledTime.seconds(deadline) + " s"));
        }
        Seen seen = next.get();
        ObservedSegment segment = seen.observed();
        run.trace.set(seen.traceIndex(), new TraceEntry.Sent(segment.timeMicros(), segment.packet(), segment.notation(),
                event.span().line()));
        String timing = "expected " + (untimed ? "at any time" : when.describe(slack)) + ", happened at "
                + ScheduledTime.seconds(segment.timeMicros()) + " s";
        Optional<SegmentMismatch> mismatch = OutboundMatcher.mismatch(line, segment.packet(), seen.scriptSegment());
        if (mismatch.isPresent()) {
            SegmentMismatch m = mismatch.get();
            throw StopRun.fail(RunFailure.of(event.span(), "bad outbound packet: " + m.field() + ": expected "
                            + m.expected() + " but got " + m.actual())
                    .withSegments(expectedText, Optional.of(segment.notation()))
                    .withTiming(timing)
                    .withExplanation(m.explanation() + "."));
        }
        if (!untimed && !when.accepts(segment.timeMicros(), slack)) {
            throw StopRun.fail(RunFailure.of(event.span(), "timing error: expected outbound packet "
                            + when.describe(slack) + " but it happened at " + ScheduledTime.seconds(segment.timeMicros()) + " s")
                    .withSegments(expectedText, Optional.of(segment.notation()))
                    .withTiming(timing));
        }
        return segment.index();
    }

    private Optional<Seen> nextOfConnection(Event event, long deadline) throws StopRun {
        if (!unasserted.isEmpty()) {
            return Optional.of(unasserted.poll());
        }
        try {
            while (true) {
                Optional<SentPacket> sent = run.target.nextOutbound(deadline);
                if (sent.isEmpty()) {
                    return Optional.empty();
                }
                Seen seen = observe(sent.get());
                if (seen.observed().ofConnectionUnderTest()) {
                    unasserted.remove(seen);
                    return Optional.of(seen);
                }
            }
        } catch (TargetException e) {
            throw RunContext.stop(e, event);
        }
    }
}
