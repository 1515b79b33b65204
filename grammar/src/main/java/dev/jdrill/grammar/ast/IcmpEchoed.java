package dev.jdrill.grammar.ast;

/** The packet quoted in an ICMP error, written in square brackets after the ICMP fields. */
public sealed interface IcmpEchoed extends Node {

    /** {@code [1:1001(1000)]}: a TCP segment of the connection. */
    record Tcp(SeqSpec.Full seq, SourceSpan span) implements IcmpEchoed {
    }

    /** {@code [udp (100)]}. */
    record Udp(long payloadLength, SourceSpan span) implements IcmpEchoed {
    }

    /** {@code [raw (100)]}. */
    record Raw(long payloadLength, SourceSpan span) implements IcmpEchoed {
    }
}
