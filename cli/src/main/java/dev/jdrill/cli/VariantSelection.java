package dev.jdrill.cli;

import dev.jdrill.interpreter.target.TargetConfig;
import java.nio.file.Path;

/**
 * Which variants packetdrill's runner (run_all.py CmdsTests) runs a script in: a file whose name ends in
 * {@code v6.pkt} only as ipv6, one ending in {@code v4.pkt} only in the two IPv4 variants, any other in all three.
 */
final class VariantSelection {
    private VariantSelection() {
    }

    static boolean runs(Path file, TargetConfig.IpMode mode) {
        String name = file.getFileName().toString();
        return switch (mode) {
            case IPV4, IPV4_MAPPED_IPV6 -> !name.endsWith("v6.pkt");
            case IPV6 -> !name.endsWith("v4.pkt");
        };
    }
}
