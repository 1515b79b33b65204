package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The states the stack under test went through, derived from a trace the way RFC 9293's state machine
 * moves (segments in and out, {@code listen}/{@code close} calls), corrected by whatever the run actually
 * saw ({@link TraceEntry.StateSeen}). A pure function: the diagrams only draw what it returns.
 *
 * <p>It follows one connection (the one the script talks to), as a ladder does; a listener's own LISTEN
 * is shown until its first connection starts. Timer-driven moves (TIME_WAIT ending, SYN retries giving
 * up) have no segment to derive them from and appear only when a {@code state} assertion saw them.
 */
final class StackStateMachine {

    /**
     * @param afterEntry index in the input list of the entry that caused the change
     * @param seenLine the line of the {@code state} assertion (or call) that saw this state, 0 if only derived
     */
    record StateChange(long timeMicros, TcpState state, int seenLine, int afterEntry) {
        boolean seen() {
            return seenLine > 0;
        }
    }

    private TcpState state = TcpState.CLOSED;
    /** Sequence number just past the stack's FIN, once it sent one. */
    private Optional<Long> finEnd = Optional.empty();
    private final List<StateChange> changes = new ArrayList<>();

    private StackStateMachine() {
    }

    static List<StateChange> changes(List<TraceEntry> trace) {
        StackStateMachine m = new StackStateMachine();
        for (int i = 0; i < trace.size(); i++) {
            m.step(trace.get(i), i);
        }
        return List.copyOf(m.changes);
    }

    private void step(TraceEntry entry, int index) {
        switch (entry) {
            case TraceEntry.Injected in -> in.packet().tcp().ifPresent(s -> received(s, in.timeMicros(), index));
            case TraceEntry.Sent out -> {
                if (out.line() != 0 || state != TcpState.CLOSED) {
                    out.packet().tcp().ifPresent(s -> sent(s, out.timeMicros(), index));
                }
            }
            case TraceEntry.CallReturned call -> called(call, index);
            case TraceEntry.StateSeen seen -> seen(seen, index);
            case TraceEntry.Expected expected -> { }
        }
    }

    private void sent(TcpSegment s, long time, int index) {
        if (s.flags().rst()) {
            move(TcpState.CLOSED, time, false, index);
            return;
        }
        if (s.flags().syn()) {
            if (!s.flags().ack() && state == TcpState.CLOSED) {
                move(TcpState.SYN_SENT, time, false, index);
            } else if (s.flags().ack() && (state == TcpState.LISTEN || state == TcpState.CLOSED)) {
                move(TcpState.SYN_RECV, time, false, index);
            }
        }
        if (s.flags().fin() && finEnd.isEmpty()) {
            finEnd = Optional.of((s.seq() + s.sequenceLength()) & 0xffff_ffffL);
            switch (state) {
                case ESTABLISHED, SYN_RECV -> move(TcpState.FIN_WAIT1, time, false, index);
                case CLOSE_WAIT -> move(TcpState.LAST_ACK, time, false, index);
                default -> { }
            }
        }
    }

    private void received(TcpSegment s, long time, int index) {
        if (s.flags().rst()) {
            if (state != TcpState.LISTEN && state != TcpState.CLOSED) {
                move(TcpState.CLOSED, time, false, index);
            }
            return;
        }
        if (s.flags().syn()) {
            if (s.flags().ack() && state == TcpState.SYN_SENT) {
                move(TcpState.ESTABLISHED, time, false, index);
            } else if (!s.flags().ack() && state == TcpState.SYN_SENT) {
                move(TcpState.SYN_RECV, time, false, index); // simultaneous open
            }
            return;
        }
        boolean finAcked = s.flags().ack() && finEnd.isPresent() && !SeqNum.lt(s.ack(), finEnd.get());
        if (state == TcpState.SYN_RECV && s.flags().ack()) {
            move(TcpState.ESTABLISHED, time, false, index);
        }
        if (finAcked) {
            switch (state) {
                case FIN_WAIT1 -> move(TcpState.FIN_WAIT2, time, false, index);
                case CLOSING -> move(TcpState.TIME_WAIT, time, false, index);
                case LAST_ACK -> move(TcpState.CLOSED, time, false, index);
                default -> { }
            }
        }
        if (s.flags().fin()) {
            switch (state) {
                case ESTABLISHED -> move(TcpState.CLOSE_WAIT, time, false, index);
                case FIN_WAIT1 -> move(TcpState.CLOSING, time, false, index);
                case FIN_WAIT2 -> move(TcpState.TIME_WAIT, time, false, index);
                default -> { }
            }
        }
    }

    private void called(TraceEntry.CallReturned call, int index) {
        String text = call.text().strip();
        boolean succeeded = text.matches(".*=\\s*0\\b.*") && !text.contains("= -1");
        if (text.startsWith("listen(") && succeeded && state == TcpState.CLOSED) {
            move(TcpState.LISTEN, call.timeMicros(), false, index);
        } else if (text.startsWith("close(") && (state == TcpState.LISTEN || state == TcpState.SYN_SENT)) {
            move(TcpState.CLOSED, call.timeMicros(), false, index);
        } else if (text.matches(".*= -1 (ETIMEDOUT|ECONNREFUSED|ECONNRESET)\\b.*") && state != TcpState.LISTEN) {
            // The kernel reports a connection it has given up on, or that was reset, through the next call.
            move(TcpState.CLOSED, call.timeMicros(), false, index);
        }
    }

    /**
     * A state the run saw: it confirms the derived badge already drawn for it (which then shows as seen), or
     * it is a change of its own (a timer moved the connection, or the derivation was wrong).
     */
    private void seen(TraceEntry.StateSeen seen, int index) {
        int line = Math.max(1, seen.line());
        if (seen.state() == state && !changes.isEmpty() && !changes.getLast().seen()
                && changes.getLast().state() == state) {
            StateChange derived = changes.removeLast();
            changes.add(new StateChange(derived.timeMicros(), state, line, derived.afterEntry()));
            return;
        }
        state = seen.state();
        changes.add(new StateChange(seen.timeMicros(), state, line, index));
    }

    private void move(TcpState to, long time, boolean seen, int index) {
        if (to == state) {
            return;
        }
        state = to;
        changes.add(new StateChange(time, to, 0, index));
    }
}
