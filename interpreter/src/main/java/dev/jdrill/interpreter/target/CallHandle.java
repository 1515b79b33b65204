package dev.jdrill.interpreter.target;

/** Identifies one socket call in progress on a target; issued by {@link Target#startCall}. */
public record CallHandle(long id, SocketCall call, long startedMicros) {
}
