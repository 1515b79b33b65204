package dev.jdrill.interpreter.command;

import dev.jdrill.interpreter.DidYouMean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every sysctl name Linux 6.18 has, read from {@code linux-sysctl-names.txt} (generated on the kernel by
 * {@code interpreter/tools/generate-linux-sysctl-names}, not written by hand). A name the engine does not
 * model may still be a real tunable (a SKIP: the script needs what the engine lacks); a name no Linux has
 * is a mistake in the script (an error, with the real name it most likely meant).
 */
public final class LinuxSysctlNames {
    private static final Set<String> NAMES = load();
    /** Per-device names are listed once, under {@code default}: {@code conf.tun0.x} is {@code conf.default.x}. */
    private static final Pattern DEVICE = Pattern.compile("^(net\\.ipv[46]\\.(?:conf|neigh))\\.[^.]+\\.");

    private LinuxSysctlNames() {
    }

    /** Whether Linux has this sysctl; {@code tcp_syn_retries} or {@code net/ipv4/tcp_syn_retries} forms are not names. */
    public static boolean exists(String name) {
        return NAMES.contains(DEVICE.matcher(name).replaceFirst("$1.default."));
    }

    /** The real name closest to a misspelt one; for a bare name ({@code tcp_syn_retires}), the full name of the closest bare one. */
    public static Optional<String> closest(String name) {
        if (name.contains(".")) {
            return DidYouMean.closest(name, NAMES);
        }
        Set<String> bare = NAMES.stream().filter(n -> n.startsWith("net."))
                .map(n -> n.substring(n.lastIndexOf('.') + 1)).collect(Collectors.toSet());
        return DidYouMean.closest(name, bare).flatMap(LinuxSysctlNames::fullName);
    }

    /** The same sysctl's full name for a bare one that {@code sysctl} would reject, e.g. {@code tcp_syn_retries}. */
    public static Optional<String> fullName(String bare) {
        if (bare.contains(".")) {
            return exists(bare) ? Optional.of(bare) : Optional.empty();
        }
        return NAMES.stream().filter(n -> n.startsWith("net.") && n.endsWith("." + bare))
                .sorted().findFirst();
    }

    private static Set<String> load() {
        try (InputStream in = LinuxSysctlNames.class.getResourceAsStream("linux-sysctl-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("linux-sysctl-names.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
