package dev.jdrill.interpreter.target;

import java.util.Optional;

/**
 * Makes targets of one kind. Providers are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.jdrill.interpreter.target.TargetProvider}), so the command line, the
 * REPL and the JUnit engine name targets without depending on how each is built.
 */
public interface TargetProvider {

    /** The name on the command line: {@code engine}, {@code linux}. */
    String name();

    /** A fresh target for one script. */
    Target create();

    /**
     * A fresh target for one script, with settings from the command line that only this kind of target
     * understands (the remote target's interface, host and agent), by option name without dashes.
     * Targets that take none ignore them.
     */
    default Target create(java.util.Map<String, String> settings) {
        return create();
    }

    /** Why these settings cannot work (a missing option, an unsafe interface), checked before a run. */
    default Optional<String> invalidSettings(java.util.Map<String, String> settings) {
        return Optional.empty();
    }

    /** Why this kind of target cannot run on this machine at all (no root, no TUN device), if so. */
    Optional<String> unavailableReason();
}
