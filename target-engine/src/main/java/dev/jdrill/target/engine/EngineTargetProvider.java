package dev.jdrill.target.engine;

import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetProvider;
import dev.jdrill.interpreter.target.Targets;
import java.util.Optional;

/** {@code --target engine}: always available. */
public final class EngineTargetProvider implements TargetProvider {
    @Override
    public String name() {
        return Targets.ENGINE;
    }

    @Override
    public Target create() {
        return new EngineTarget();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }
}
