package dev.jdrill.linux;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this host can run scripts on its kernel: Linux, /dev/net/tun present, and the privilege to
 * create a network namespace and a TUN device in it (root, or CAP_SYS_ADMIN + CAP_NET_ADMIN). Decided
 * by trying, once: a capability bit says little about seccomp filters or container policies.
 */
public sealed interface LinuxCapability {

    record Available() implements LinuxCapability {
    }

    /** {@code reason} is one line, fit to show a user as is. */
    record Unavailable(String reason) implements LinuxCapability {
    }

    /** The cached verdict for this JVM. */
    static LinuxCapability check() {
        return Probe.RESULT;
    }

    default boolean available() {
        return this instanceof Available;
    }

    /** Holder idiom: probes once, on first use, thread-safely. */
    final class Probe {
        static final LinuxCapability RESULT = probe();

        private Probe() {
        }

        private static LinuxCapability probe() {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return new Unavailable("the linux target needs Linux; this is " + System.getProperty("os.name"));
            }
            if (!Files.exists(Path.of("/dev/net/tun"))) {
                return new Unavailable("/dev/net/tun is missing (no TUN driver, or not passed into this container)");
            }
            try {
                Syscalls.warmUp();
            } catch (Throwable t) {
                return new Unavailable("native calls are unavailable (" + t.getClass().getSimpleName()
                        + "); run java with --enable-native-access=ALL-UNNAMED");
            }
            String who = Syscalls.geteuid() == 0 ? "" : " (not running as root)";
            NetworkNamespace namespace;
            try {
                namespace = NetworkNamespace.create();
            } catch (LinuxException e) {
                return new Unavailable("cannot create a network namespace" + who + ": " + e.getMessage());
            }
            try (namespace; TunDevice tun = TunDevice.create(namespace, "tun0")) {
                return new Available();
            } catch (LinuxException e) {
                return new Unavailable("cannot create a TUN device in a network namespace" + who + ": "
                        + e.getMessage());
            }
        }
    }
}
