package dev.jdrill.linux;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need root, /dev/net/tun and network namespaces skip with the reason when those are
 * missing, unless JDRILL_REQUIRE_LINUX=1 (CI), where a missing capability is a failure.
 */
final class RequiresLinux {
    private RequiresLinux() {
    }

    static void assume() {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
                fail("JDRILL_REQUIRE_LINUX=1 but " + u.reason());
            }
            Assumptions.abort(u.reason());
        }
    }
}
