package dev.jdrill.grammar.ast;

import java.util.Optional;

/** The sequence-number part of a TCP segment. */
public sealed interface SeqSpec extends Node {

    /** Packetdrill's {@code start:end(length)}. */
    record Full(long start, long end, long length, SourceSpan span) implements SeqSpec {
    }

    /** jdrill shorthand {@code seq N} or {@code seq N len L}: means {@code N:N+L(L)}, L defaulting to 0. */
    record Short(long start, Optional<Long> length, SourceSpan span) implements SeqSpec {
    }
}
