package dev.jdrill.interpreter.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The targets a script can run on, by the names the command line uses. */
public final class Targets {
    public static final String ENGINE = "engine";
    public static final String LINUX = "linux";
    public static final String REMOTE = "remote";

    private static final List<TargetProvider> PROVIDERS = load();

    private Targets() {
    }

    private static List<TargetProvider> load() {
        List<TargetProvider> found = new ArrayList<>();
        ServiceLoader.load(TargetProvider.class, Targets.class.getClassLoader()).forEach(found::add);
        return List.copyOf(found);
    }

    public static List<String> names() {
        return PROVIDERS.stream().map(TargetProvider::name).toList();
    }

    public static Optional<TargetProvider> provider(String name) {
        return PROVIDERS.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A fresh target for one script. */
    public static Target create(String name) {
        return provider(name).orElseThrow(() -> new IllegalArgumentException("unknown target " + name)).create();
    }

    /** A fresh target for one script, with target-specific settings (see {@link TargetProvider#create(java.util.Map)}). */
    public static Target create(String name, java.util.Map<String, String> settings) {
        return provider(name).orElseThrow(() -> new IllegalArgumentException("unknown target " + name)).create(settings);
    }

    /** Why the target cannot run on this machine at all, checked once before a run. */
    public static Optional<String> unavailableReason(String name) {
        return provider(name).flatMap(TargetProvider::unavailableReason);
    }
}
