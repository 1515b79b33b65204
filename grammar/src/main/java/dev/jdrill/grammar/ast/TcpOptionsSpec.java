package dev.jdrill.grammar.ast;

import java.util.List;

/** The {@code <...>} part of a TCP segment. */
public sealed interface TcpOptionsSpec extends Node {

    /** Nothing written: packetdrill means "no options". */
    record Unspecified(SourceSpan span) implements TcpOptionsSpec {
    }

    /** {@code <...>}: options are not checked (outbound only). */
    record AnyOptions(SourceSpan span) implements TcpOptionsSpec {
    }

    /** {@code <mss 1460,sackOK,...>}. */
    record OptionList(List<TcpOptionSpec> options, SourceSpan span) implements TcpOptionsSpec {
        public OptionList {
            options = List.copyOf(options);
        }
    }
}
