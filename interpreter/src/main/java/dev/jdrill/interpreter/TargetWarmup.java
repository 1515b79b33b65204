package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a small built-in script on a wall-clock target before the first real one in this JVM. The
 * first pass over the run path loads hundreds of classes and is interpreted, which costs tens of
 * milliseconds inside the first timed script and fails it; packetdrill, being C, has no such cost.
 */
public final class TargetWarmup {
    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();
    private static final int ROUNDS = 2;

    private TargetWarmup() {
    }

    /** Warms the named target up once per JVM; harmless to call again. Its verdicts are ignored. */
    public static synchronized void ensure(String targetName) {
        if (!WARMED.add(targetName)) {
            return;
        }
        for (int i = 0; i < ROUNDS; i++) {
            for (String name : SCRIPTS) {
                warm(targetName, name);
            }
        }
    }

    /** The passive-open and the active-open paths. */
    private static final String[] SCRIPTS = {"warmup.pkt", "warmup-client.pkt"};

    private static void warm(String targetName, String resource) {
        String text;
        try (InputStream in = TargetWarmup.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        ScriptLoader.Loaded loaded = ScriptLoader.fromText(resource, text, Map.of());
        if (loaded.script().isPresent()) {
            ScriptRunner.run(loaded.script().get(), Targets.create(targetName), RunOptions.defaults());
        }
    }
}
