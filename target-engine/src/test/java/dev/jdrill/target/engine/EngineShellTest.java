package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtick commands on the engine run in a real /bin/sh whose sysctl, /proc/sys, ss, ip and tc are
 * the engine's. (scripts/tunables/shell-setup.pkt holds the same logic against the kernel.)
 */
class EngineShellTest {
    @TempDir
    Path dir;
    private EngineTarget t;

    @BeforeEach
    void start() {
        t = new EngineTarget();
        t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private CommandOutcome run(String command) throws TargetException {
        return t.runCommand(command, dir, Map.of());
    }

    private String tunable(String name) {
        return t.tunables().orElseThrow().get(name);
    }

    @Test
    void shellLogicConfiguresTheEngine() throws Exception {
        Files.writeString(dir.resolve("buffers.sh"), "tcp_rmem=\"4096 540000 $((15*1024*1024))\"\n"
                + "sysctl -q net.ipv4.tcp_rmem=\"$tcp_rmem\"\n");
        Files.writeString(dir.resolve("defaults.sh"), """
                if [ "$(uname)" = "$(uname)" ]; then
                    . ./buffers.sh
                fi
                for k in tcp_sack tcp_timestamps; do echo 0 > /proc/sys/net/ipv4/$k; done
                sysctl -q net.ipv4.tcp_syn_retries=$((2 + 1))
                [ "$(cat /proc/sys/net/ipv4/tcp_syn_retries)" = 3 ] || exit 9
                """);
        assertThat(run(". ./defaults.sh").exitStatus()).isZero();
        assertThat(tunable("net.ipv4.tcp_rmem")).isEqualTo("4096\t540000\t15728640");
        assertThat(tunable("net.ipv4.tcp_sack")).isEqualTo("0");
        assertThat(tunable("net.ipv4.tcp_timestamps")).isEqualTo("0");
        assertThat(tunable("net.ipv4.tcp_syn_retries")).isEqualTo("3");
        // A later command sees what the earlier one set, in both spellings.
        assertThat(run("sysctl -n net.ipv4.tcp_syn_retries; cat /proc/sys/net/ipv4/tcp_sack").output()).isEqualTo("3\n0\n");
    }

    @Test
    void packetdrillsBaselineConfiguresTheEngine() throws Exception {
        Path corpus = Path.of("../../shared/corpus/google-packetdrill/gtests/net/common/defaults.sh").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(corpus), "no ../shared corpus beside this checkout");
        assertThat(run(corpus.toString()).exitStatus()).isZero();
        assertThat(tunable("net.ipv4.tcp_rmem")).isEqualTo("4096\t540000\t15728640");
        assertThat(tunable("net.ipv4.tcp_slow_start_after_idle")).isEqualTo("0");
        assertThat(tunable("net.ipv4.tcp_early_retrans")).isEqualTo("4");
        assertThat(tunable("net.ipv4.tcp_fastopen")).isEqualTo(String.valueOf(0x70403));
    }

    @Test
    void theIssuesUnmodelledTrioIsASkipNamingTheTunable() {
        assertThatThrownBy(() -> run("sysctl -q net.ipv4.tcp_thin_linear_timeouts=1 net.ipv4.tcp_syncookies=2"
                + " net.ipv4.tcp_congestion_control=reno"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("tcp_congestion_control=reno");
        assertThatThrownBy(() -> run("echo 2 > /proc/sys/net/ipv4/tcp_syncookies"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("tcp_syncookies=2");
        assertThatThrownBy(() -> run("sysctl -q net.ipv4.tcp_thin_linear_timeouts=1 2>/dev/null || true"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("tcp_thin_linear_timeouts=1");
    }

    @Test
    void linuxSysctlsTheEngineDoesNotModelAreFineAtTheirDefaultOnly() throws Exception {
        assertThat(run("sysctl -q net.ipv4.tcp_tso_win_divisor=3 net.ipv4.tcp_pacing_ss_ratio=200").exitStatus()).isZero();
        assertThatThrownBy(() -> run("sysctl -q net.ipv4.tcp_tso_win_divisor=5"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("net.ipv4.tcp_tso_win_divisor");
    }

    @Test
    void aSysctlLinuxDoesNotHaveFailsAsOnLinux() throws Exception {
        CommandOutcome o = run("sysctl -q net.ipv4.tcp_bogus=1");
        assertThat(o.exitStatus()).isEqualTo(255);
        assertThat(o.output()).contains("cannot stat /proc/sys/net/ipv4/tcp_bogus");
        assertThat(run("sysctl -e -q net.ipv4.tcp_bogus=1").exitStatus()).isZero();
        assertThatThrownBy(() -> run("echo 1 > /proc/sys/net/ipv4/tcp_bogus")).isInstanceOf(TargetException.class)
                .isNotInstanceOf(UnsupportedByTargetException.class);
    }

    @Test
    void toolsAnswerWhatTheEngineHasAndSkipTheRest() throws Exception {
        assertThat(run("ip tcp_metrics flush all && tc qdisc add dev tun0 root pfifo && nstat -n").exitStatus()).isZero();
        assertThat(run("ip link show dev tun0").output()).contains("tun0").contains("mtu 1500");
        assertThatThrownBy(() -> run("tc qdisc add dev tun0 root netem delay 10ms 2>/dev/null; true"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("netem");
        assertThatThrownBy(() -> run("ip route change 192.0.2.1 dev tun0 advmss 600"))
                .isInstanceOf(UnsupportedByTargetException.class).hasMessageContaining("ip route change");
        assertThatThrownBy(() -> run("ethtool -K tun0 tso off")).isInstanceOf(UnsupportedByTargetException.class)
                .hasMessageContaining("ethtool -K tun0 tso off");
        assertThatThrownBy(() -> run("nstat -az TcpExtTCPSynRetrans")).isInstanceOf(UnsupportedByTargetException.class);
        assertThatThrownBy(() -> run("cat /proc/net/snmp")).isInstanceOf(UnsupportedByTargetException.class);
    }

    @Test
    void ssAndProcNetTcpShowTheEnginesSockets() throws Exception {
        long fd = t.pollCall(t.startCall(dev.jdrill.interpreter.target.SocketCall.named("socket",
                List.of(new dev.jdrill.interpreter.target.SocketValue.Int(2), new dev.jdrill.interpreter.target.SocketValue.Int(1),
                        new dev.jdrill.interpreter.target.SocketValue.Int(6))))).orElseThrow().returnValue();
        t.startCall(dev.jdrill.interpreter.target.SocketCall.named("bind", List.of(new dev.jdrill.interpreter.target.SocketValue.Int(fd),
                new dev.jdrill.interpreter.target.SocketValue.Address(TargetConfig.defaults(TargetConfig.IpMode.IPV4).localAddress(), 8080),
                new dev.jdrill.interpreter.target.SocketValue.Int(16))));
        t.startCall(dev.jdrill.interpreter.target.SocketCall.named("listen", List.of(new dev.jdrill.interpreter.target.SocketValue.Int(fd),
                new dev.jdrill.interpreter.target.SocketValue.Int(1))));
        assertThat(run("ss -tan").output()).contains("LISTEN").contains("192.168.0.1:8080");
        assertThat(run("ss -tn").output()).doesNotContain("LISTEN");
        assertThat(run("grep ' 0A ' /proc/net/tcp | grep ':1F90'").exitStatus()).isZero();
        assertThatThrownBy(() -> run("ss -tie")).isInstanceOf(UnsupportedByTargetException.class);
    }

    @Test
    void aProgramThatWritesProcSysItselfIsASkipNamingIt() throws IOException {
        Path helper = dir.resolve("tune.sh");
        Files.writeString(helper, "#!/bin/sh\necho 1 > /proc/sys/net/ipv4/tcp_sack\n");
        helper.toFile().setExecutable(true);
        assertThatThrownBy(() -> run("./tune.sh")).isInstanceOf(UnsupportedByTargetException.class)
                .hasMessageContaining("tune.sh");
    }

    @Test
    void packetdrillsBaselineTurnsOnServerFastOpenWhichTheEngineModels() throws Exception {
        run("sysctl -q net.ipv4.tcp_fastopen=0x70403");
        TcpSegment plain = new TcpSegment(50_000, 8080, 1000, 0, TcpFlags.parseScript("S"), 65535, 0,
                List.of(new TcpOption.MaxSegmentSize(1460)), Payload.zeros(0));
        var cfg = TargetConfig.defaults(TargetConfig.IpMode.IPV4);
        TcpSegment fastOpen = plain.withOptions(List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.FastOpen("")));
        assertThatCode(() -> t.inject(IpPacket.of(cfg.remoteAddress(), cfg.localAddress(), fastOpen)))
                .doesNotThrowAnyException();
    }

    @Test
    void theTemporaryDirectoryIsRemovedOnClose() throws Exception {
        String root = run("echo $JDRILL_ENGINE_ROOT").output().strip();
        assertThat(Path.of(root)).isDirectory();
        t.close();
        assertThat(Path.of(root)).doesNotExist();
    }
}
