package dev.jdrill.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.codec.DecodeResult;
import dev.jdrill.wire.codec.PacketCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real namespace and TUN device: the kernel answers a SYN exactly as it does under packetdrill. */
class TestNetworkTest {
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;

    @BeforeEach
    void needsLinux() {
        RequiresLinux.assume();
    }

    @Test
    void deviceIsConfiguredAsPacketdrillConfiguresIt() throws Exception {
        try (TestNetwork net = TestNetwork.create(TestNetworkConfig.defaults())) {
            CommandResult r = net.shell("ip addr show dev tun0; ip route; ip -6 route; tc qdisc show dev tun0; ip link show lo",
                    Path.of("/"), Map.of(), Duration.ofSeconds(10));
            assertThat(r.exitStatus()).as(r.output()).isZero();
            assertThat(r.output()).contains("mtu 1500", "inet 192.168.0.1/16", "192.0.2.1 via 192.168.0.1 dev tun0",
                    "LOOPBACK,UP");
            // Only the wire family's address, and no route to the peer's whole /24: as packetdrill's netdev.c.
            assertThat(r.output()).doesNotContain("inet6 fd3d", "192.0.2.0/24", "tentative");
            // No qdisc of jdrill's: a suite's own `tc qdisc add dev tun0 root pfifo` must succeed.
            CommandResult add = net.shell("tc qdisc add dev tun0 root pfifo && tc qdisc show dev tun0", Path.of("/"),
                    Map.of(), Duration.ofSeconds(10));
            assertThat(add.exitStatus()).as(add.output()).isZero();
            assertThat(add.output()).contains("qdisc pfifo");
        }
    }

    @Test
    void ipv6DeviceHasPacketdrillsRunnerAddressesAndMtu() throws Exception {
        try (TestNetwork net = TestNetwork.create(TestNetworkConfig.ipv6Defaults())) {
            CommandResult r = net.shell("ip addr show dev tun0; ip -6 route; ip -4 addr show dev tun0", Path.of("/"),
                    Map.of(), Duration.ofSeconds(10));
            assertThat(r.exitStatus()).as(r.output()).isZero();
            assertThat(r.output()).contains("mtu 1520", "inet6 fd3d:a0b:17d6::1/48",
                    "fd3d:fa7b:d17d::1 via fd3d:a0b:17d6:8888::1 dev tun0");
            assertThat(r.output()).doesNotContain("inet 192.168", "tentative");
        }
    }

    @Test
    void aPacingDefaultQdiscIsReplacedOnlyThen() {
        assertThat(TestNetwork.setupScript(TestNetworkConfig.defaults(), "pfifo_fast")).doesNotContain("tc qdisc");
        assertThat(TestNetwork.setupScript(TestNetworkConfig.defaults(), "fq")).contains("tc qdisc replace dev tun0 root pfifo_fast");
    }

    @Test
    void theKernelAnswersAnInjectedSynAndSockDiagSeesTheConnection() throws Exception {
        try (TestNetwork net = TestNetwork.create(TestNetworkConfig.defaults());
                NamespaceThread calls = net.namespace().newThread("test-calls")) {
            InetAddress local = net.config().local();
            InetAddress remote = net.config().remote();
            int listener = calls.call(() -> {
                int fd = (int) Syscalls.socket(AF_INET, SOCK_STREAM, 0).orThrow("socket");
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment one = SocketStructs.intValue(a, 1);
                    Syscalls.setsockopt(fd, 1, 2, one, 4).orThrow("SO_REUSEADDR");
                    Syscalls.bind(fd, SocketAddresses.allocate(a, local, 8080), SocketAddresses.SIZEOF_SOCKADDR_IN)
                            .orThrow("bind");
                }
                Syscalls.listen(fd, 1).orThrow("listen");
                return fd;
            });
            try {
                TcpSegment syn = new TcpSegment(41000, 8080, 0, 0, TcpFlags.of(TcpFlags.SYN), 32792, 0,
                        List.of(new TcpOption.MaxSegmentSize(1000), new TcpOption.SackPermitted(),
                                new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.WindowScale(7)),
                        Payload.EMPTY);
                net.tun().inject(PacketCodec.encode(IpPacket.of(remote, local, syn)));
                TcpSegment synAck = nextTcp(net);
                assertThat(synAck.flags()).isEqualTo(TcpFlags.of(TcpFlags.SYN, TcpFlags.ACK));
                assertThat(synAck.ack()).isEqualTo(1);
                assertThat(synAck.option(TcpOption.MaxSegmentSize.class)).contains(new TcpOption.MaxSegmentSize(1460));
                assertThat(net.sockDiag().find(local, 8080, remote, 41000)).map(DiagSocket::state).contains(3); // SYN_RECV

                TcpSegment ack = new TcpSegment(41000, 8080, 1, synAck.seq() + 1, TcpFlags.of(TcpFlags.ACK), 257, 0,
                        List.of(), Payload.EMPTY);
                net.tun().inject(PacketCodec.encode(IpPacket.of(remote, local, ack)));
                int accepted = calls.call(() -> (int) Syscalls.accept(listener, MemorySegment.NULL, MemorySegment.NULL)
                        .orThrow("accept"));
                Map<String, Long> info = TcpInfo.read(accepted);
                assertThat(info).containsEntry("tcpi_state", 1L).containsEntry("tcpi_snd_mss", 1000L)
                        .containsEntry("tcpi_snd_wscale", 7L);
                Syscalls.close(accepted);
                // The kernel sends a FIN; the orphan lives on in FIN_WAIT1 where only sock_diag can see it.
                assertThat(nextTcp(net).flags().fin()).isTrue();
                assertThat(net.sockDiag().find(local, 8080, remote, 41000)).map(DiagSocket::state).contains(4);
            } finally {
                Syscalls.close(listener);
            }
        }
    }

    @Test
    void shellCommandsAndSysctlsStayInsideTheNamespace() throws Exception {
        String hostValue = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_syn_retries")).strip();
        String other = hostValue.equals("3") ? "4" : "3";
        try (TestNetwork net = TestNetwork.create(TestNetworkConfig.defaults())) {
            net.setSysctl("net.ipv4.tcp_syn_retries", other);
            CommandResult r = net.shell("echo pid=$PACKETDRILL_PID; pwd; sysctl -n net.ipv4.tcp_syn_retries; "
                    + "sysctl -q net.ipv4.tcp_fin_timeout=7; ip -o link show", Path.of("/tmp"), Map.of(), Duration.ofSeconds(10));
            assertThat(r.output()).contains("pid=" + net.namespace().ownerTid(), "/tmp\n", other + "\n", "tun0");
            assertThat(net.sysctl("net.ipv4.tcp_fin_timeout")).isEqualTo("7");
        }
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/tcp_syn_retries")).strip()).isEqualTo(hostValue);
        assertThat(Files.exists(Path.of("/proc/sys/net/ipv6/conf/tun0"))).isFalse(); // never in the root namespace
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeout() throws Exception {
        try (TestNetwork net = TestNetwork.create(TestNetworkConfig.defaults())) {
            CommandResult r = net.shell("sleep 30", Path.of("/"), Map.of(), Duration.ofMillis(300));
            assertThat(r.exitStatus()).isEqualTo(-1);
            assertThat(r.output()).contains("timed out");
        }
    }

    static TcpSegment nextTcp(TestNetwork net) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TunFrame> f = net.tun().nextOutbound(deadline - System.nanoTime());
            if (f.isPresent() && PacketCodec.decode(f.get().packet()) instanceof DecodeResult.Decoded d
                    && d.packet().tcp().isPresent()) {
                return d.packet().tcp().get();
            }
        }
        throw new AssertionError("no TCP segment from the kernel within 3 s");
    }
}
