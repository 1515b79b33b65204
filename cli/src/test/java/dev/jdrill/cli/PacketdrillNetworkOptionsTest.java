package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdrill.interpreter.target.Targets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * The packetdrill options that shape tun0 (addresses, routes, MTU, speed, GSO) and the ports, on the
 * kernel: one mutation each, observed with the commands a suite's own setup script would run, so no
 * verdict here depends on timing. Skipped where the linux target cannot run, unless JDRILL_REQUIRE_LINUX=1.
 */
class PacketdrillNetworkOptionsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsLinux() {
        Optional<String> missing = Targets.unavailableReason(Targets.LINUX);
        if (missing.isPresent() && "1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
            fail("JDRILL_REQUIRE_LINUX=1 but " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), missing.orElse(""));
    }

    private int run(String script, String... args) throws Exception {
        return output(script, args).exit();
    }

    private PacketdrillOptionsMutationTest.Result output(String script, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("s" + System.nanoTime() + ".pkt"), script);
        List<String> argv = new ArrayList<>(List.of("run", "--target", "linux"));
        argv.addAll(List.of(args));
        argv.add(file.toString());
        StringWriter out = new StringWriter();
        int exit = Main.execute(argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
        return new PacketdrillOptionsMutationTest.Result(exit, out.toString());
    }

    /** A script that only checks tun0 with a shell command. */
    private static String checks(String command) {
        return "0 `" + command + "`\n+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
    }

    @Test
    void theRunnersVariantsBuildPacketdrillsDevice() throws Exception {
        String v4 = checks("ip -4 route show 192.0.2.1 | grep -q 'via 192.168.0.1 dev tun0'"
                + " && ip -4 addr show dev tun0 | grep -q 'inet 192.168.0.1/16'"
                + " && ! ip -6 addr show dev tun0 | grep -q fd3d && tc qdisc add dev tun0 root pfifo");
        assertThat(run(v4, "--ip-version", "ipv4")).isZero();
        assertThat(run(v4, "--ip-version", "ipv4-mapped-ipv6")).isZero();
        String v6 = checks("ip -6 route show fd3d:fa7b:d17d::1 | grep -q 'via fd3d:a0b:17d6:8888::1 dev tun0'"
                + " && ip -6 addr show dev tun0 | grep -q 'inet6 fd3d:a0b:17d6::1/48'"
                + " && ip link show tun0 | grep -q 'mtu 1520' && tc qdisc add dev tun0 root pfifo");
        assertThat(run(v6, "--ip-version", "ipv6")).isZero();
        assertThat(run(v6, "--ip-version", "ipv4")).isEqualTo(1);
    }

    @Test
    void localIpAndNetmaskIpPlaceTheLocalAddress() throws Exception {
        String script = checks("ip -4 addr show dev tun0 | grep -q 'inet 192.168.0.1/16'");
        assertThat(run(script)).isZero();
        assertThat(run("--local_ip=192.168.0.2\n" + script)).isEqualTo(1);
        assertThat(run("--netmask_ip=255.255.255.0\n" + script)).isEqualTo(1);
        assertThat(run(script.replace("/16", "/24"), "--netmask-ip", "255.255.255.0")).isZero();
    }

    @Test
    void remoteIpAndGatewayIpShapeTheRoute() throws Exception {
        String script = checks("ip -4 route show | grep -q '^192.0.2.1 via 192.168.0.1 dev tun0'");
        assertThat(run(script)).isZero();
        assertThat(run("--remote_ip=192.0.2.7\n" + script)).isEqualTo(1);
        assertThat(run("--gateway_ip=192.168.0.9\n" + script)).isEqualTo(1);
        assertThat(run(checks("ip -4 route show | grep -q '^192.0.2.0/24 via 192.168.0.9 dev tun0'"),
                "--remote_ip=192.0.2.1/24", "--gateway_ip=192.168.0.9")).isZero();
    }

    @Test
    void mtuAndSpeedConfigureTheDevice() throws Exception {
        assertThat(run(checks("ip link show tun0 | grep -q 'mtu 1500'"))).isZero();
        assertThat(run("--mtu=1400\n" + checks("ip link show tun0 | grep -q 'mtu 1500'"))).isEqualTo(1);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ethtool"))
                || Files.isExecutable(Path.of("/sbin/ethtool")), "ethtool is not installed");
        String speed = checks("ethtool tun0 | grep -q 'Speed: 100Mb/s'");
        assertThat(run(speed)).isEqualTo(1);
        assertThat(run("--speed=100\n" + speed)).isZero();
    }

    @Test
    void bindPortAndConnectPortFillInTheAddresses() throws Exception {
        String listen = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 bind(3, ..., ...) = 0
                +0 listen(3, 1) = 0
                +0 `ss -ltn | grep -q ':9090 '`
                """;
        assertThat(run(listen)).isEqualTo(1);
        assertThat(run("--bind_port=9090\n" + listen)).isZero();
        String connect = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                +0 `ss -tn state syn-sent | grep -q '192.0.2.1:9191'`
                """;
        assertThat(run(connect)).isEqualTo(1);
        assertThat(run(connect, "--connect_port=9191")).isZero();
    }

    @Test
    void mssInjectsGsoPacketsTheReceiverMeasuresByTheirSegmentSize() throws Exception {
        // A 2000-byte segment: as one plain packet the receiver's MSS estimate is its advmss (1460); as a
        // GSO packet of 1000-byte segments it is 1000 (tcp_measure_rcv_mss reads gso_size).
        // A wide tolerance: the verdict must come from the assertion, not from a loaded machine's timing.
        String script = """
                --tolerance_usecs=1000000
                0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
                +0  bind(3, ..., ...) = 0
                +0  listen(3, 1) = 0
                +0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
                +0  > S. 0:0(0) ack 1 <...>
                +.1 < . 1:1(0) ack 1 win 257
                +0  accept(3, ..., ...) = 4
                +0  < P. 1:2001(2000) ack 1 win 257
                +0  > . 1:1(0) ack 2001 <...>
                +0  %{ assert tcpi_rcv_mss == RCV_MSS }%
                """;
        PacketdrillOptionsMutationTest.Result plain = output(script.replace("RCV_MSS", "1460"));
        assertThat(plain.exit()).as(plain.out()).isZero();
        PacketdrillOptionsMutationTest.Result gso = output(script.replace("RCV_MSS", "1460"), "--mss=1000");
        assertThat(gso.out()).contains("tcpi_rcv_mss is 1000");
        PacketdrillOptionsMutationTest.Result inScript = output("--mss=1000\n" + script.replace("RCV_MSS", "1000"));
        assertThat(inScript.exit()).as(inScript.out()).isZero();
    }

    @Test
    void connectWithAfUnspecDisconnectsAndTheSocketConnectsAgain() throws Exception {
        String script = """
                --tolerance_usecs=200000
                0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
                +0  bind(3, ..., ...) = 0
                +0  listen(3, 1) = 0
                +0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
                +0  > S. 0:0(0) ack 1 <...>
                +.1 < . 1:1(0) ack 1 win 257
                +0  accept(3, ..., ...) = 4
                +0  connect(4, AF_UNSPEC, ...) = 0
                +0  > R. 1:1(0) ack 1 <...>
                +0  %{ assert tcpi_state == TCP_CLOSE, tcpi_state }%
                +0  fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                +0  connect(4, ..., ...) = -1 EINPROGRESS (Operation is now in progress)
                +0  > S 0:0(0) <...>
                +0  < S. 0:0(0) ack 1 win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
                +0  > . 1:1(0) ack 1
                """;
        PacketdrillOptionsMutationTest.Result r = output(script);
        assertThat(r.exit()).as(r.out()).isZero();
    }
}
