package dev.jdrill.interpreter;

/** How a script fared on a target. */
public sealed interface Verdict {

    record Pass() implements Verdict {
    }

    record Fail(RunFailure failure) implements Verdict {
    }

    /** The script needs something this target cannot do; {@code reason} says exactly what. */
    record Skip(String reason) implements Verdict {
    }
}
