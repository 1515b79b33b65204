package dev.jdrill.cli.frompcap;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdrill.interpreter.target.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel round trips need root and the linux target (and some, tcpdump): without them they are
 * skipped, unless JDRILL_REQUIRE_LINUX=1 (CI), where that is a failure.
 */
final class KernelRequirement {
    private KernelRequirement() {
    }

    static void requireLinuxTarget(Optional<Path> tool) {
        Optional<String> missing = !Targets.names().contains(Targets.LINUX) ? Optional.of("the linux target is not built in")
                : Targets.unavailableReason(Targets.LINUX)
                        .or(() -> tool.filter(t -> !Files.isExecutable(t))
                                .map(t -> t.getFileName() + " is not installed (apt-get install " + t.getFileName() + ")"));
        if (missing.isPresent() && "1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
            fail("JDRILL_REQUIRE_LINUX=1 but " + missing.get());
        }
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    }
}
