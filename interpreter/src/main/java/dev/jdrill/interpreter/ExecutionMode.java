package dev.jdrill.interpreter;

import java.util.function.Consumer;

/**
 * What differs between the two ways the one executor ({@link ScriptSession}) is driven. Events, matching,
 * timing and failure text are the same in both; what differs is when the stack's packets are taken off
 * the target's queue, and so whether anyone sees them before a {@code >} line asks.
 */
sealed interface ExecutionMode {

    /**
     * {@code run} and the JUnit engine: a packet stays on the queue until a {@code >} line asks for it,
     * as with packetdrill's sniffer, and the first event that does not pass ends the run.
     */
    record Batch() implements ExecutionMode {
    }

    /**
     * The REPL: every packet is taken off as it is sent, learned from (the user need not assert it) and
     * handed to {@code listener}; a failing event is reported and the session goes on.
     */
    record Interactive(Consumer<ObservedSegment> listener) implements ExecutionMode {
    }
}
