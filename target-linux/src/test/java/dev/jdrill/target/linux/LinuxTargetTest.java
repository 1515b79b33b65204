package dev.jdrill.target.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.linux.LinuxCapability;
import dev.jdrill.wire.Errno;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The linux target driven as the interpreter drives it, on a passive open and a close. */
class LinuxTargetTest {
    private static final long SECOND = 1_000_000;

    @BeforeEach
    void needsLinux() {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
                fail("JDRILL_REQUIRE_LINUX=1 but " + u.reason());
            }
            Assumptions.abort(u.reason());
        }
    }

    private static SocketValue.Int i(long v) {
        return new SocketValue.Int(v);
    }

    private static CallOutcome call(LinuxTarget t, String name, SocketValue... args) throws Exception {
        CallHandle h = t.startCall(SocketCall.named(name, List.of(args)));
        return t.pollCall(h).orElseGet(() -> {
            try {
                return t.awaitCall(h, t.nowMicros() + SECOND).orElseThrow();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void codeBlocksSeeSoMeminfoAsPacketdrillsDo() throws Exception {
        // packetdrill's code.c gives every %{ }% block SO_MEMINFO's SK_MEMINFO_* beside TCP_INFO's tcpi_*.
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            long fd = call(t, "socket", i(SocketConstants.AF_INET), i(SocketConstants.SOCK_STREAM), i(0)).returnValue();
            java.util.Map<String, Long> info = t.tcpInfo((int) fd);
            assertThat(info).containsKeys("tcpi_state", "SK_MEMINFO_RCVBUF", "SK_MEMINFO_SNDBUF", "SK_MEMINFO_DROPS");
            assertThat(info.get("SK_MEMINFO_RCVBUF")).isPositive();
        }
    }

    @Test
    void passiveOpenDataAndCloseOnTheRealKernel() throws Exception {
        TargetConfig config = TargetConfig.defaults(TargetConfig.IpMode.IPV4);
        InetAddress local = config.localAddress();
        InetAddress remote = config.remoteAddress();
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(config);
            assertThat(t.nowMicros()).isBetween(0L, 50_000L);
            long listener = call(t, "socket", i(SocketConstants.AF_INET), i(SocketConstants.SOCK_STREAM), i(0)).returnValue();
            assertThat(call(t, "setsockopt", i(listener), i(SocketConstants.SOL_SOCKET), i(SocketConstants.SO_REUSEADDR),
                    new SocketValue.Array(List.of(i(1))), i(4)).returnValue()).isZero();
            assertThat(call(t, "bind", i(listener), new SocketValue.Address(local, 8080), i(16)).returnValue()).isZero();
            assertThat(call(t, "listen", i(listener), i(1)).returnValue()).isZero();
            assertThat(t.socketState((int) listener)).isEqualTo(TcpState.LISTEN);

            // accept blocks: startBlockingCall returns with it in progress, as packetdrill's syscall thread would.
            CallHandle accept = t.startBlockingCall(SocketCall.named("accept", List.of(i(listener), SocketValue.UNSPECIFIED,
                    SocketValue.UNSPECIFIED)));
            assertThat(t.pollCall(accept)).isEmpty();

            t.waitUntil(100_000);
            t.inject(IpPacket.of(remote, local, new TcpSegment(41000, 8080, 0, 0, TcpFlags.of(TcpFlags.SYN), 32792, 0,
                    List.of(new TcpOption.MaxSegmentSize(1000), new TcpOption.SackPermitted(), new TcpOption.Nop(),
                            new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.WindowScale(7)), Payload.EMPTY)));
            SentPacket synAck = t.nextOutbound(t.nowMicros() + SECOND).orElseThrow();
            TcpSegment sa = synAck.packet().tcp().orElseThrow();
            assertThat(sa.flags()).isEqualTo(TcpFlags.of(TcpFlags.SYN, TcpFlags.ACK));
            assertThat(sa.option(TcpOption.MaxSegmentSize.class)).contains(new TcpOption.MaxSegmentSize(1460));
            assertThat(synAck.timeMicros()).isBetween(100_000L, 110_000L);

            t.waitUntil(200_000);
            t.inject(IpPacket.of(remote, local, new TcpSegment(41000, 8080, 1, sa.seq() + 1, TcpFlags.of(TcpFlags.ACK),
                    257, 0, List.of(), Payload.EMPTY)));
            CallOutcome accepted = t.awaitCall(accept, t.nowMicros() + SECOND).orElseThrow();
            assertThat(accepted.completedMicros()).isBetween(200_000L, 210_000L);
            int fd = (int) accepted.returnValue();
            assertThat(t.tcpInfo(fd)).containsEntry("tcpi_snd_mss", 1000L).containsEntry("tcpi_state", 1L);

            CallOutcome got = call(t, "getsockopt", i(fd), i(SocketConstants.SOL_TCP), i(SocketConstants.TCP_MAXSEG),
                    new SocketValue.Array(List.of(i(0))), new SocketValue.Array(List.of(i(4))));
            assertThat(got.outputs().get(3)).isEqualTo(i(1000));
            CallOutcome linger = call(t, "getsockopt", i(fd), i(SocketConstants.SOL_SOCKET), i(SocketConstants.SO_LINGER),
                    SocketValue.UNSPECIFIED, i(8));
            assertThat(linger.outputs().get(3)).isInstanceOf(SocketValue.Struct.class);

            assertThat(call(t, "write", i(fd), SocketValue.UNSPECIFIED, i(1000)).returnValue()).isEqualTo(1000);
            TcpSegment data = t.nextOutbound(t.nowMicros() + SECOND).orElseThrow().packet().tcp().orElseThrow();
            assertThat(data.payload().length()).isEqualTo(1000);

            CallOutcome readNothing = call(t, "recv", i(fd), SocketValue.UNSPECIFIED, i(100), i(SocketConstants.MSG_DONTWAIT));
            assertThat(readNothing.errno()).contains(Errno.EAGAIN);

            CallOutcome poll = call(t, "poll", new SocketValue.Array(List.of(new SocketValue.Struct(List.of(
                    new SocketValue.Field("fd", i(fd)), new SocketValue.Field("events", i(SocketConstants.POLLOUT)))))),
                    i(1), i(0));
            assertThat(poll.returnValue()).isEqualTo(1);

            assertThat(call(t, "close", i(fd)).returnValue()).isZero();
            TcpSegment fin = t.nextOutbound(t.nowMicros() + SECOND).orElseThrow().packet().tcp().orElseThrow();
            assertThat(fin.flags().fin()).isTrue();
            ConnectionKey key = new ConnectionKey(local, 8080, remote, 41000);
            assertThat(t.connectionState(key)).isEqualTo(TcpState.FIN_WAIT1);
            t.inject(IpPacket.of(remote, local, new TcpSegment(41000, 8080, 1, fin.seq() + 1, TcpFlags.of(TcpFlags.ACK),
                    257, 0, List.of(), Payload.EMPTY)));
            t.waitUntil(t.nowMicros() + 20_000);
            assertThat(t.connectionState(key)).isEqualTo(TcpState.FIN_WAIT2);
            assertThat(t.connectionState(new ConnectionKey(local, 8080, remote, 9))).isEqualTo(TcpState.CLOSED);

            assertThat(t.runCommand("sysctl -n net.ipv4.tcp_syn_retries", Path.of("/"), Map.of()).exitStatus()).isZero();
            t.setSysctl("net.ipv4.tcp_syn_retries", "2");
            assertThat(t.runCommand("cat /proc/sys/net/ipv4/tcp_syn_retries", Path.of("/"), Map.of()).output()).isEqualTo("2\n");
            Assertions.assertThatThrownBy(() -> t.setSysctl("kernel.hostname", "x"))
                    .isInstanceOf(UnsupportedByTargetException.class);
            // A call outside the catalogue cannot even be formed, so it never reaches a target (the catalogue's
            // own calls the target lacks are LinuxCatalogueTest's named SKIPs).
            Assertions.assertThatThrownBy(() -> SocketCall.named("vmsplice", List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vmsplice");
        }
    }

    @Test
    void injectionLandsAtTheScriptedTime() throws Exception {
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            // Never early (how late is a machine-load figure, printed by the lateness benchmark).
            for (int k = 1; k <= 20; k++) {
                long at = k * 5_000L;
                t.waitUntil(at);
                assertThat(t.nowMicros()).isGreaterThanOrEqualTo(at);
            }
        }
    }

    @Test
    void closeWakesABlockedCallAndLeavesNoThreads() throws Exception {
        for (int round = 0; round < 5; round++) {
            LinuxTarget t = new LinuxTarget();
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV6));
            long fd = call(t, "socket", i(SocketConstants.AF_INET6), i(SocketConstants.SOCK_STREAM), i(0)).returnValue();
            call(t, "bind", i(fd), new SocketValue.Address(InetAddress.getByName("fd3d:a0b:17d6::1"), 8080), i(28));
            call(t, "listen", i(fd), i(1));
            CallHandle blocked = t.startBlockingCall(SocketCall.named("accept", List.of(i(fd), SocketValue.UNSPECIFIED,
                    SocketValue.UNSPECIFIED)));
            assertThat(t.pollCall(blocked)).isEqualTo(Optional.empty());
            t.close();
            t.close();
        }
        Thread.sleep(50);
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("jdrill-netns") || n.startsWith("jdrill-tun")
                        || n.startsWith("jdrill-call-watchdog"))).isEmpty();
    }

    /** packetdrill's threading: non-blocking calls on the calling thread, which is in the namespace meanwhile. */
    @Test
    void nonBlockingCallsRunOnTheCallingThreadInsideTheNamespace() throws Exception {
        String home = java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            String inside = java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            assertThat(inside).isNotEqualTo(home);
            long fd = call(t, "socket", i(SocketConstants.AF_INET), i(SocketConstants.SOCK_STREAM), i(0)).returnValue();
            // Made here, it still lives in the test namespace: binding the test's local address works.
            assertThat(call(t, "bind", i(fd), new SocketValue.Address(t.localAddressForTest(), 8080), i(16)).returnValue())
                    .isZero();
            CallHandle h = t.startCall(SocketCall.named("listen", List.of(i(fd), i(1))));
            assertThat(t.pollCall(h)).isPresent(); // completed within startCall: no handoff
        }
        assertThat(java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(home);
    }

    /** A call the script says does not block but does is woken by the watchdog, never hangs. */
    @Test
    void aNonBlockingCallThatBlocksIsWokenAndReportedAsBlocked() throws Exception {
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            t.directCallLimitNanos = 200_000_000L;
            long fd = call(t, "socket", i(SocketConstants.AF_INET), i(SocketConstants.SOCK_STREAM), i(0)).returnValue();
            call(t, "bind", i(fd), new SocketValue.Address(t.localAddressForTest(), 8080), i(16));
            call(t, "listen", i(fd), i(1));
            long before = System.nanoTime();
            CallHandle h = t.startCall(SocketCall.named("accept", List.of(i(fd), SocketValue.UNSPECIFIED, SocketValue.UNSPECIFIED)));
            assertThat((System.nanoTime() - before) / 1_000_000).isBetween(150L, 2_000L);
            assertThat(t.awaitCall(h, t.nowMicros() + 10_000)).isEmpty();
        }
    }
}
