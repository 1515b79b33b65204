package dev.jdrill.repl;

import dev.jdrill.interpreter.SessionConnection;
import java.util.List;
import java.util.Optional;

/**
 * The script line a {@code :wait} is saved as. Scripts have no line that only lets time pass; a
 * {@code state} assertion at the wait's end does, on both targets, and says what the wait showed: the
 * connection under test (else the last socket the script named) in the state the session left it in.
 */
final class WaitLine {

    private WaitLine() {
    }

    static Optional<String> of(List<SessionConnection> connections) {
        Optional<SessionConnection> underTest = connections.stream().filter(SessionConnection::underTest).findFirst();
        if (underTest.isPresent()) {
            return Optional.of("state " + underTest.get().state());
        }
        return connections.stream().filter(c -> c.scriptFd().isPresent()).reduce((a, b) -> b)
                .map(c -> "state(" + c.scriptFd().get() + ") " + c.state());
    }
}
