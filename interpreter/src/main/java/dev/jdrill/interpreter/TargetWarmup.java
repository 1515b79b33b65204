package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a small built-in script on a wall-clock target before the first real one in this JVM. The
 * first pass over the run path loads hundreds of classes and is interpreted, which costs tens of
 * milliseconds inside the first timed script and fails it; packetdrill, being C, has no such cost.
 * Both address families are warmed: IPv6 packets are built, checksummed and decoded by code of their own,
 * and left cold it made the first injection of an IPv6 script milliseconds late (the kernel selftests'
 * ipv6 variant of tcp_accecn_acc_ecn_disabled.pkt failed its connect() return time by that).
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
            for (TargetConfig.IpMode mode : FAMILIES) {
                for (String name : SCRIPTS) {
                    warm(targetName, name, mode);
                }
            }
        }
    }

    /** The passive-open and the active-open paths. */
    private static final String[] SCRIPTS = {"warmup.pkt", "warmup-client.pkt"};

    /** IPv4 and IPv6 (ipv4-mapped-ipv6 uses the IPv4 packet path). */
    private static final TargetConfig.IpMode[] FAMILIES = {TargetConfig.IpMode.IPV4, TargetConfig.IpMode.IPV6};

    private static void warm(String targetName, String resource, TargetConfig.IpMode mode) {
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
            RunOptions options = new RunOptions(Optional.empty(), Map.of(), Optional.empty(), mode, false);
            ScriptRunner.run(loaded.script().get(), Targets.create(targetName), options);
        }
    }
}
