package dev.jdrill.interpreter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunableCommandsTest {

    @Test
    void sysctlLinesBecomeSettings() {
        var i = TunableCommands.interpret("sysctl -q net.ipv4.tcp_syn_retries=3 net.ipv4.tcp_fin_timeout=\"10\"", Path.of("."));
        assertThat(i.notUnderstood()).isEmpty();
        assertThat(i.settings()).extracting(TunableCommands.Setting::name, TunableCommands.Setting::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("net.ipv4.tcp_syn_retries", "3"),
                        org.assertj.core.groups.Tuple.tuple("net.ipv4.tcp_fin_timeout", "10"));
    }

    @Test
    void echoToProcAndSetSysctlsHelperAreUnderstood() {
        var i = TunableCommands.interpret("echo 2 > /proc/sys/net/ipv4/tcp_orphan_retries\n"
                + "../common/set_sysctls.py /proc/sys/net/ipv4/tcp_keepalive_time=5", Path.of("."));
        assertThat(i.notUnderstood()).isEmpty();
        assertThat(i.settings()).extracting(TunableCommands.Setting::name)
                .containsExactly("net.ipv4.tcp_orphan_retries", "net.ipv4.tcp_keepalive_time");
    }

    @Test
    void defaultsFileIsReadAsBaseline(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("defaults.sh"), "#!/bin/sh\nip tcp_metrics flush all >/dev/null 2>&1\n"
                + "sysctl -q net.ipv4.tcp_syn_retries=5\ntc qdisc add dev tun0 root pfifo 2>/dev/null\ntrue\n");
        var i = TunableCommands.interpret("./defaults.sh", dir);
        assertThat(i.notUnderstood()).isEmpty();
        assertThat(i.settings()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("net.ipv4.tcp_syn_retries");
            assertThat(s.fromBaseline()).isTrue();
        });
    }

    @Test
    void otherCommandsAreNamedAsNotUnderstood() {
        var i = TunableCommands.interpret("sysctl -q net.ipv4.tcp_sack=0; tc qdisc add dev tun0 root netem loss 100%", Path.of("."));
        assertThat(i.notUnderstood()).hasValue("tc qdisc add dev tun0 root netem loss 100%");
    }

    @Test
    void missingDefaultsFileIsReported(@TempDir Path dir) throws Exception {
        Path scriptDir = Files.createDirectories(dir.resolve("suite/close"));
        assertThat(TunableCommands.interpret("../common/defaults.sh", scriptDir).notUnderstood()).isPresent();
    }
}
