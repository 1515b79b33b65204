package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetProvider;
import dev.jdrill.interpreter.target.Targets;
import dev.jdrill.linux.LinuxCapability;
import java.util.Optional;

/** {@code --target linux}: found by ServiceLoader through META-INF/services. */
public final class LinuxTargetProvider implements TargetProvider {

    @Override
    public String name() {
        return Targets.LINUX;
    }

    @Override
    public Target create() {
        return new LinuxTarget();
    }

    @Override
    public Optional<String> unavailableReason() {
        return switch (LinuxCapability.check()) {
            case LinuxCapability.Available a -> Optional.empty();
            case LinuxCapability.Unavailable u -> Optional.of(u.reason());
        };
    }
}
