package dev.jdrill.grammar.ast;

import java.util.Optional;

/**
 * jdrill addition: {@code +0 state FIN_WAIT2} (the connection the script talks to) or
 * {@code +0 state(3) ESTABLISHED} (the socket behind script fd 3). The state name is as written.
 */
public record StateAssertion(Optional<Integer> fd, String state, SourceSpan span) implements Action {
}
