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

    /** Why this kind of target cannot run on this machine at all (no root, no TUN device), if so. */
    Optional<String> unavailableReason();
}
