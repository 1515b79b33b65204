package dev.jdrill.interpreter;

import java.util.Optional;

/**
 * What running one event in a {@link ScriptSession} came to.
 *
 * @param verdict pass, or the failure / skip the event ended in (the session goes on either way)
 * @param startMicros when the event ran, in script time (its scheduled time, anchored)
 * @param blockingEndMicros for a blocking call, when it was scripted to return
 * @param matchedSegment for a {@code >} line, the {@link ObservedSegment#index()} of the segment it matched
 */
public record EventOutcome(Verdict verdict, long startMicros, Optional<Long> blockingEndMicros,
                           Optional<Integer> matchedSegment) {

    public boolean passed() {
        return verdict instanceof Verdict.Pass;
    }
}
