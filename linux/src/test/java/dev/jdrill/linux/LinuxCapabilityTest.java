package dev.jdrill.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinuxCapabilityTest {

    @Test
    void theVerdictIsAOneLineReasonOrAvailable() {
        LinuxCapability c = LinuxCapability.check();
        switch (c) {
            case LinuxCapability.Available a -> assertThat(c.available()).isTrue();
            case LinuxCapability.Unavailable u -> assertThat(u.reason()).isNotBlank().doesNotContain("\n");
        }
        assertThat(LinuxCapability.check()).isSameAs(c);
    }
}
