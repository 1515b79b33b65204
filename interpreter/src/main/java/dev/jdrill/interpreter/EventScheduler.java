package dev.jdrill.interpreter;

import dev.jdrill.grammar.ast.Direction;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.PacketAction;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.interpreter.timeline.ScheduledTime;
import java.util.Optional;

/**
 * Anchors each event's time as packetdrill does (run.c adjust_relative_event_times): a relative time
 * counts from the moment the previous event actually finished — except between two consecutive inbound
 * packets, which chain from the previous one's scripted time so that injection overheads do not add up.
 * The end of a blocking call moves with a relative start.
 */
final class EventScheduler {
    private Optional<Event> previous = Optional.empty();
    private long previousScheduled;

    /** The scheduled time of {@code event}, given the target's clock now. */
    ScheduledTime schedule(Event event, long nowMicros) {
        long offset = offset(event, nowMicros);
        return switch (event.time()) {
            case EventTime.Absolute a -> ScheduledTime.at(a.micros());
            case EventTime.Relative r -> new ScheduledTime(r.micros() + offset, r.micros() + offset, false, Optional.of(offset));
            case EventTime.AnyTime any -> new ScheduledTime(offset, offset, true, Optional.of(offset));
            case EventTime.Range r when r.relative() ->
                    new ScheduledTime(r.startMicros() + offset, r.endMicros() + offset, false, Optional.of(offset));
            case EventTime.Range r -> new ScheduledTime(r.startMicros(), r.endMicros(), false, Optional.empty());
            case EventTime.Now n -> new ScheduledTime(nowMicros, nowMicros, false, Optional.of(nowMicros));
        };
    }

    /** The end time of a blocking call scheduled at {@code start}. */
    static long blockingEnd(Event event, Syscall.BlockingEnd end, ScheduledTime start) {
        return event.time() instanceof EventTime.Relative ? end.micros() + start.relativeOffset().orElse(0L) : end.micros();
    }

    /** Scripted time of the event before this one, for the percentage part of the tolerance. */
    long previousScheduled() {
        return previousScheduled;
    }

    boolean hasPrevious() {
        return previous.isPresent();
    }

    void done(Event event, ScheduledTime scheduled) {
        previous = Optional.of(event);
        previousScheduled = scheduled.start();
    }

    private long offset(Event event, long nowMicros) {
        if (previous.isPresent() && isInboundPacket(previous.get()) && isInboundPacket(event)) {
            return previousScheduled;
        }
        return nowMicros;
    }

    private static boolean isInboundPacket(Event e) {
        return e.action() instanceof PacketAction p && p.direction() == Direction.INBOUND;
    }
}
