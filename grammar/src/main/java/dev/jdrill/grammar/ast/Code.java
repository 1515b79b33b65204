package dev.jdrill.grammar.ast;

import java.util.List;

/**
 * A {@code %{ ... }%} block: Python in packetdrill, run over the socket's TCP_INFO. {@code text} is its
 * content with spaces and tabs trimmed at both ends (as packetdrill); {@code statements} is the same
 * text parsed when the script is parsed, in order: the asserts and constant assignments jdrill evaluates
 * natively, prints (output only), and any other Python as {@link CodeStatement.PythonStatement}.
 */
public record Code(String text, List<CodeStatement> statements, SourceSpan span) implements Action {
    public Code {
        statements = List.copyOf(statements);
    }
}
