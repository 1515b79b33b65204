package dev.jdrill.target.remote;

import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetProvider;
import dev.jdrill.interpreter.target.Targets;
import java.util.Map;
import java.util.Optional;

/** {@code --target remote}: found by ServiceLoader through META-INF/services. */
public final class RemoteTargetProvider implements TargetProvider {

    @Override
    public String name() {
        return Targets.REMOTE;
    }

    /** Without settings there is nothing to reach: every run says so. */
    @Override
    public Target create() {
        return create(Map.of());
    }

    @Override
    public Target create(Map<String, String> settings) {
        return new RemoteTarget(settings);
    }

    @Override
    public Optional<String> invalidSettings(Map<String, String> settings) {
        try {
            RemoteSettings.from(settings);
            return Optional.empty();
        } catch (RemoteSettings.Invalid e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Optional<String> unavailableReason() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                ? Optional.empty() : Optional.of("packet sockets need Linux");
    }
}
