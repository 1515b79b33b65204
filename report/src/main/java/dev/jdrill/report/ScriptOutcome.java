package dev.jdrill.report;

import dev.jdrill.interpreter.RunResult;
import java.util.Optional;

/**
 * One script on one target, as reporters see it: the run's result, or the diagnostics that kept it from
 * running (then {@code result} is empty and {@code diagnosticText} says why).
 */
public record ScriptOutcome(String path, String target, String sourceText, Optional<RunResult> result, String diagnosticText) {

    public boolean passed() {
        return result.isPresent() && result.get().passed();
    }

    public boolean skipped() {
        return result.isPresent() && result.get().verdict() instanceof dev.jdrill.interpreter.Verdict.Skip;
    }

    public boolean failed() {
        return !passed() && !skipped();
    }
}
