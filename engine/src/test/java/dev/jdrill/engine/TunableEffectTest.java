package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every tunable the engine accepts with more than one value changes what it does: one scenario per
 * tunable, run with the default and with another value the engine models, must send different
 * segments (or end in a different state, or return a different call result). Tunables accepted only
 * at the value the engine behaves as (tcp_retries1, tcp_syncookies, ... see Tunables) have nothing to
 * show; TunablesTest covers that their other values are refused.
 */
class TunableEffectTest {

    /** A scenario: what the stack did, as comparable lines. */
    private record Case(String name, String value, Consumer<Tunables> base, Function<Drill, List<String>> scenario) {
        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        Consumer<Tunables> none = k -> { };
        c.add(new Case("tcp_syn_retries", "1", none, d -> activeOpenLadder(d)));
        c.add(new Case("tcp_syn_linear_timeouts", "0", none, d -> activeOpenLadder(d)));
        c.add(new Case("tcp_ecn", "1", none, d -> activeOpenLadder(d)));
        c.add(new Case("tcp_synack_retries", "1", none, d -> passiveLadder(d)));
        c.add(new Case("tcp_timestamps", "0", none, d -> passiveOpen(d)));
        c.add(new Case("tcp_sack", "0", none, d -> passiveOpen(d)));
        c.add(new Case("tcp_window_scaling", "0", none, d -> passiveOpen(d)));
        c.add(new Case("tcp_rmem", "4096 65536 1048576", none, d -> passiveOpen(d)));
        c.add(new Case("tcp_dsack", "0", none, d -> simultaneousOpen(d)));
        c.add(new Case("tcp_retries2", "3", none, d -> unackedData(d, 2000)));
        c.add(new Case("tcp_rto_min_us", "500000", none, d -> unackedData(d, 3)));
        c.add(new Case("tcp_rto_max_ms", "2000", none, d -> unackedData(d, 60)));
        c.add(new Case("tcp_early_retrans", "0", none, d -> unackedData(d, 3)));
        c.add(new Case("tcp_orphan_retries", "1", none, d -> orphanWithData(d)));
        c.add(new Case("tcp_fin_timeout", "5", none, d -> finWait2(d)));
        c.add(new Case("tcp_keepalive_time", "60", none, d -> keepalive(d)));
        c.add(new Case("tcp_keepalive_intvl", "5", k -> k.set("tcp_keepalive_time", "60"), d -> keepalive(d)));
        c.add(new Case("tcp_keepalive_probes", "1", k -> k.set("tcp_keepalive_time", "60"), d -> keepalive(d)));
        c.add(new Case("tcp_invalid_ratelimit", "0", none, d -> outOfWindowBurst(d)));
        c.add(new Case("tcp_challenge_ack_limit", "1", k -> k.set("tcp_invalid_ratelimit", "0"), d -> resetBurst(d)));
        c.add(new Case("tcp_rfc1337", "1", none, d -> resetInTimeWait(d)));
        c.add(new Case("tcp_reordering", "10", none, d -> duplicateAcks(d)));
        c.add(new Case("tcp_fastopen", "0", none, d -> fastOpenConnectOption(d)));
        c.add(new Case("tcp_abort_on_overflow", "1", none, d -> acceptQueueOverflow(d, 0)));
        c.add(new Case("somaxconn", "0", none, d -> acceptQueueOverflow(d, 5)));
        c.add(new Case("rmem_max", "4194304", none, d -> bigReceiveBuffer(d)));
        c.add(new Case("wmem_max", "4194304", none, d -> bigSendBuffer(d, true)));
        c.add(new Case("tcp_wmem", "4096 1000000 4194304", none, d -> bigSendBuffer(d, false)));
        return c.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyModelledTunableChangesWhatTheEngineDoes() {
        return cases().map(c -> DynamicTest.dynamicTest(c.toString(), () -> theTunableChangesWhatTheEngineDoes(c)));
    }

    private static void theTunableChangesWhatTheEngineDoes(Case c) {
        Tunables base = new Tunables();
        c.base().accept(base);
        Tunables changed = new Tunables();
        c.base().accept(changed);
        changed.set(c.name(), c.value());
        List<String> withDefault = c.scenario().apply(new Drill(base));
        List<String> withValue = c.scenario().apply(new Drill(changed));
        assertThat(withValue).as("%s changes nothing in its scenario", c).isNotEqualTo(withDefault);
    }

    // ------------------------------------------------------------ scenarios

    private static List<String> activeOpenLadder(Drill d) {
        int fd = d.socket();
        d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now);
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now);
        return withStates(d, d.transcriptUntil(300));
    }

    private static List<String> passiveLadder(Drill d) {
        d.listener(1);
        d.in("S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>");
        return withStates(d, d.transcriptUntil(120));
    }

    private static List<String> passiveOpen(Drill d) {
        d.listener(1);
        d.in("S 0:0(0) win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>");
        return d.transcriptUntil(0);
    }

    /** The only D-SACK the engine sends: of the peer's SYN, acknowledged again by its SYN-ACK. */
    private static List<String> simultaneousOpen(Drill d) {
        int fd = d.socket();
        d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, 0);
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        d.at(0.1).in("S 0:0(0) win 65535 <mss 1460,sackOK,TS val 700 ecr 0,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <...>");
        d.at(0.2).in("S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 800 ecr 100,nop,wscale 7>");
        return d.transcriptUntil(0.3);
    }

    private static List<String> unackedData(Drill d, double seconds) {
        int fd = d.connectedSocket("<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        d.plus(0.1);
        d.stack.write(fd, 1000, d.now);
        return withStates(d, d.transcriptUntil(seconds));
    }

    private static List<String> orphanWithData(Drill d) {
        int fd = d.connectedSocket("<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        d.stack.write(fd, 1000, d.now);
        d.stack.close(fd, d.now);
        return withStates(d, d.transcriptUntil(2000));
    }

    private static List<String> finWait2(Drill d) {
        int fd = d.connectedSocket("<mss 1000,nop,wscale 7>");
        d.stack.close(fd, d.now);
        d.out("F. 1:1(0) ack 1 <...>");
        d.in(". 1:1(0) ack 2 win 257");
        return withStates(d, d.transcriptUntil(10));
    }

    private static List<String> keepalive(Drill d) {
        int fd = d.connectedSocket("<mss 1000,nop,wscale 7>");
        d.stack.setsockopt(fd, SocketOption.SO_KEEPALIVE, 1, d.now);
        return withStates(d, d.transcriptUntil(8000));
    }

    private static List<String> outOfWindowBurst(Drill d) {
        d.connectedSocket("<mss 1000,nop,wscale 7>");
        for (int i = 0; i < 3; i++) {
            d.plus(0.01).in(". 900001:900001(0) ack 1 win 257");
        }
        return d.transcriptUntil(d.now / 1e6 + 0.001);
    }

    private static List<String> resetBurst(Drill d) {
        d.connectedSocket("<mss 1000,nop,wscale 7>");
        for (int i = 0; i < 3; i++) {
            d.plus(0.01).in("R 101:101(0) win 0");
        }
        return d.transcriptUntil(d.now / 1e6 + 0.001);
    }

    private static List<String> resetInTimeWait(Drill d) {
        int fd = d.connectedSocket("<mss 1000,nop,wscale 7>");
        d.stack.close(fd, d.now);
        d.out("F. 1:1(0) ack 1 <...>");
        d.in("F. 1:1(0) ack 2 win 257");
        d.plus(0.1).in("R 2:2(0) win 0");
        return withStates(d, d.transcriptUntil(1));
    }

    private static List<String> duplicateAcks(Drill d) {
        int fd = d.connectedSocket("<mss 1000,nop,wscale 7>");
        d.stack.write(fd, 10_000, d.now);
        d.transcriptUntil(0.01);
        for (int i = 0; i < 4; i++) {
            d.plus(0.001).in(". 1:1(0) ack 1 win 257");
        }
        return d.transcriptUntil(d.now / 1e6 + 0.005);
    }

    private static List<String> fastOpenConnectOption(Drill d) {
        int fd = d.socket();
        return List.of(d.stack.setsockopt(fd, SocketOption.TCP_FASTOPEN_CONNECT, 1, d.now).toString());
    }

    /**
     * Two handshakes complete while nobody accepts: with backlog 0 the second finds the accept queue
     * full (both SYNs arrive first, since a full queue drops new SYNs outright).
     */
    private static List<String> acceptQueueOverflow(Drill d, int backlog) {
        d.listener(backlog);
        d.in("S 0:0(0) win 32792 <mss 1000,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <...>");
        long firstIsn = d.localIsn;
        d.remotePort = 50_001;
        d.localIsn = -1;
        d.plus(0.1).in("S 0:0(0) win 32792 <mss 1000,nop,wscale 7>");
        d.out("S. 0:0(0) ack 1 <...>");
        long secondIsn = d.localIsn;
        d.remotePort = 50_000;
        d.localIsn = firstIsn;
        d.plus(0.1).in(". 1:1(0) ack 1 win 257");
        d.remotePort = 50_001;
        d.localIsn = secondIsn;
        d.in(". 1:1(0) ack 1 win 257");
        return withStates(d, d.transcriptUntil(5));
    }

    private static List<String> bigReceiveBuffer(Drill d) {
        int fd = d.socket();
        d.stack.setsockopt(fd, SocketOption.SO_RCVBUF, 2_000_000, d.now);
        d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now);
        d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now);
        return d.transcriptUntil(0);
    }

    private static List<String> bigSendBuffer(Drill d, boolean setSndbuf) {
        int fd = d.connectedSocket("<mss 1000,nop,wscale 7>");
        if (setSndbuf) {
            d.stack.setsockopt(fd, SocketOption.SO_SNDBUF, 2_000_000, d.now);
        }
        d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now);
        SocketCallResult r = d.stack.write(fd, 10_000_000, d.now);
        d.transcriptUntil(0);
        return List.of(r.toString(), Errno.EAGAIN.name());
    }

    private static List<String> withStates(Drill d, List<String> transcript) {
        List<String> out = new ArrayList<>(transcript);
        for (SocketSnapshot s : d.stack.snapshots()) {
            out.add(s.local().port() + " " + s.state());
        }
        return out;
    }
}
