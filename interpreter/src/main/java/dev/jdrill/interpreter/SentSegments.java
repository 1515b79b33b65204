package dev.jdrill.interpreter;

import dev.jdrill.interpreter.connection.ScriptConnection;
import dev.jdrill.interpreter.connection.ScriptSpace;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * What the stack sent, taken off the target's queue in send order, each packet traced once as it is
 * taken. A batch run takes a packet only when a {@code >} line asks for one, as packetdrill's sniffer
 * does; an interactive session takes every packet as soon as it is sent, to report it, and keeps it until
 * a {@code >} line asks. Either way a {@code >} line is handed the oldest packet no line has matched yet,
 * so both judge the same packets.
 */
final class SentSegments {

    /**
     * A packet taken off the queue.
     *
     * @param index its place in send order, from 0
     * @param entry its trace entry, replaced once a {@code >} line matched it
     * @param learnedFrom whether the session already learned from it as it was sent (ISN, the peer's view)
     */
    record Taken(int index, SentPacket packet, TraceEntry.Sent entry, boolean learnedFrom) {
    }

    private final RunContext run;
    private final ExecutionMode mode;
    private final ArrayDeque<Taken> unmatched = new ArrayDeque<>();
    private int taken;

    SentSegments(RunContext run, ExecutionMode mode) {
        this.run = run;
        this.mode = mode;
    }

    /** An interactive session takes off and reports every packet sent up to {@code deadlineMicros}. */
    void takeAsSent(long deadlineMicros) throws TargetException {
        if (mode instanceof ExecutionMode.Interactive) {
            Optional<SentPacket> sent;
            while ((sent = run.target.nextOutbound(deadlineMicros)).isPresent()) {
                unmatched.add(take(sent.get()));
            }
        }
    }

    /** The oldest packet no {@code >} line has matched: one already taken, else the next one sent by the deadline. */
    Optional<Taken> next(long deadlineMicros) throws TargetException {
        return unmatched.isEmpty() ? run.target.nextOutbound(deadlineMicros).map(this::take) : Optional.of(unmatched.poll());
    }

    /** A {@code >} line matched these packets (several when a GSO burst was joined): one trace entry says so. */
    void matched(List<Taken> parts, TraceEntry.Sent entry) {
        parts.subList(0, parts.size() - 1).forEach(part -> run.trace.remove(part.entry()));
        run.trace.set(run.trace.indexOf(parts.getLast().entry()), entry);
    }

    private Taken take(SentPacket sent) {
        Optional<TcpSegment> tcp = sent.packet().tcp();
        String notation = tcp.map(TcpSegment::toScript).orElse("non-TCP");
        boolean ours = false;
        if (mode instanceof ExecutionMode.Interactive && tcp.isPresent() && run.current.isPresent()
                && PacketSteps.belongsTo(tcp.get(), sent.packet(), run.current.get())) {
            // Reported before any line asserts it, so learned from now: its ISN as 0, its TS val as is.
            ScriptConnection c = run.current.get();
            PacketSteps.learnFromOutbound(c, tcp.get(), 0, tcp.get().flags());
            TcpSegment script = ScriptSpace.toScriptWithTsVal(tcp.get(), c, tsVal(tcp.get()));
            run.peer.observed(script);
            notation = script.toScript();
            ours = true;
        }
        Taken t = new Taken(taken++, sent, new TraceEntry.Sent(sent.timeMicros(), sent.packet(), notation, 0), ours);
        run.trace.add(t.entry());
        if (mode instanceof ExecutionMode.Interactive interactive) {
            interactive.listener().accept(new ObservedSegment(t.index(), sent.timeMicros(), sent.packet(), notation, ours));
        }
        return t;
    }

    private static Optional<Long> tsVal(TcpSegment segment) {
        return segment.options().stream().filter(o -> o instanceof TcpOption.Timestamp)
                .map(o -> ((TcpOption.Timestamp) o).val()).findFirst();
    }
}
