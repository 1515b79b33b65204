package dev.jdrill.interpreter.target;

/** A shell command's exit status and what it printed (kept for the failure report). */
public record CommandOutcome(int exitStatus, String output) {
}
