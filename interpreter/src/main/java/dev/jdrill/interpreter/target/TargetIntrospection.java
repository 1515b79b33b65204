package dev.jdrill.interpreter.target;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target can tell beyond the {@link Target} seam, for the REPL's {@code :state} and
 * {@code :tunables}. Optional: a target implements it when its stack lets it look inside (the engine can
 * show every sequence variable and timer; a kernel shows less), and each method may still answer empty.
 */
public interface TargetIntrospection {

    /** Every socket the stack knows (listeners, connections, orphans, TIME_WAIT), in a stable order. */
    Optional<List<ConnectionSnapshot>> connections();

    /** Every tunable the target models, by its full sysctl name, with its current value. */
    Optional<Map<String, String>> tunables();
}
