package dev.jdrill.target.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteSettingsTest {

    @Test
    void theInterfaceAndTheHostAreRequired() {
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("remote-host", "192.168.0.1")))
                .hasMessageContaining("--interface");
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("interface", "eth1")))
                .hasMessageContaining("--remote-host");
    }

    @Test
    void addressesAreLiteralsNeverLookedUp() {
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("interface", "eth1", "remote-host", "example.com")))
                .hasMessage("--remote-host must be an IP address, not example.com");
    }

    @Test
    void everySettingIsRead() throws Exception {
        RemoteSettings s = RemoteSettings.from(Map.of("interface", "eth1", "remote-host", "fd00::2",
                "agent", "[fd00::2]:7001", "remote-port", "80", "remote-mac", "02:00:00:00:00:02",
                "allow-default-route", "true", "peer-address", "fd00::9"));
        assertThat(s.remoteHost().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:2");
        assertThat(s.agent()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(7001));
        assertThat(s.remotePort()).contains(80);
        assertThat(s.remoteMac()).isPresent();
        assertThat(s.allowDefaultRoute()).isTrue();
        assertThat(s.peerAddress()).isPresent();
    }

    @Test
    void badValuesSayWhichOption() {
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("interface", "eth1", "remote-host", "10.0.0.2",
                "remote-port", "0"))).hasMessageContaining("--remote-port");
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("interface", "eth1", "remote-host", "10.0.0.2",
                "agent", "10.0.0.2"))).hasMessageContaining("--agent");
        assertThatThrownBy(() -> RemoteSettings.from(Map.of("interface", "eth1", "remote-host", "10.0.0.2",
                "remote-mac", "zz"))).hasMessageContaining("--remote-mac");
    }
}
