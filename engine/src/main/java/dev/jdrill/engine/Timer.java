package dev.jdrill.engine;

/**
 * A pending timer of one connection, carrying its deadline (µs of virtual time). Linux keeps three
 * timer slots per socket and so does the engine: the transmit slot ({@link Retransmit},
 * {@link LossProbe}, {@link ZeroWindowProbe}, {@link SynAckRetransmit} — icsk_retransmit_timer), the
 * delayed-ACK slot ({@link DelayedAck} — icsk_delack_timer) and the socket slot ({@link Keepalive},
 * {@link FinWait2Timeout}, {@link TimeWaitExpiry} — sk_timer / the timewait sock's tw_timer).
 */
public sealed interface Timer {
    long deadlineMicros();

    /** Which of the three slots a timer occupies. */
    enum Slot { TRANSMIT, DELAYED_ACK, SOCKET }

    default Slot slot() {
        return switch (this) {
            case Retransmit r -> Slot.TRANSMIT;
            case LossProbe l -> Slot.TRANSMIT;
            case ReorderTimeout r -> Slot.TRANSMIT;
            case ZeroWindowProbe z -> Slot.TRANSMIT;
            case SynAckRetransmit s -> Slot.TRANSMIT;
            case DelayedAck d -> Slot.DELAYED_ACK;
            case Keepalive k -> Slot.SOCKET;
            case FinWait2Timeout f -> Slot.SOCKET;
            case TimeWaitExpiry t -> Slot.SOCKET;
        };
    }

    /** RTO: retransmit the head of the retransmission queue (SYN, data or FIN); tcp_retransmit_timer. */
    record Retransmit(long deadlineMicros) implements Timer {
    }

    /** Tail loss probe (RFC 8985 TLP); tcp_send_loss_probe. */
    record LossProbe(long deadlineMicros) implements Timer {
    }

    /** RACK's reordering window ran out: mark what is overdue lost (ICSK_TIME_REO_TIMEOUT); tcp_rack_reo_timeout. */
    record ReorderTimeout(long deadlineMicros) implements Timer {
    }

    /** Zero-window probe; tcp_probe_timer. */
    record ZeroWindowProbe(long deadlineMicros) implements Timer {
    }

    /** A request socket's SYN-ACK retransmission; reqsk_timer_handler. */
    record SynAckRetransmit(long deadlineMicros) implements Timer {
    }

    /** Send the ACK that was held back; tcp_delack_timer_handler. */
    record DelayedAck(long deadlineMicros) implements Timer {
    }

    /** Send a keepalive probe or give up; tcp_keepalive_timer. */
    record Keepalive(long deadlineMicros) implements Timer {
    }

    /** An orphan in FIN_WAIT2 gives up waiting for the peer's FIN (tcp_fin_timeout / TCP_LINGER2). */
    record FinWait2Timeout(long deadlineMicros) implements Timer {
    }

    /** TIME_WAIT (or the timewait sock standing for an orphaned FIN_WAIT2) ends; tw_timer_handler. */
    record TimeWaitExpiry(long deadlineMicros) implements Timer {
    }
}
