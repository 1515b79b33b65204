package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated segments driven into stacks in every state: no exception escapes, and the
 * invariants hold after every step (snd_una ≤ snd_nxt, windows non-negative, no timer in the past,
 * only legal state transitions).
 */
class FuzzTest {
    private static final String SYN = "<mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>";

    /** Ways to bring a fresh stack to one state. */
    private static final List<Consumer<Drill>> SETUPS = List.of(
            d -> d.listener(4),
            d -> { int fd = d.socket(); d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), 0);
                   d.localPort = d.stack.localOf(fd).orElseThrow().port(); },
            d -> { d.listener(4); d.in("S 0:0(0) win 32792 " + SYN); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.write(fd, 5000, d.now)); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.write(fd, 30000, d.now)); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.close(fd, d.now)); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.close(fd, d.now));
                   d.in(". 1:1(0) ack 2 win 257"); },
            d -> { d.acceptedConnection(SYN); d.in("F. 1:1(0) ack 1 win 257"); },
            d -> { int fd = d.acceptedConnection(SYN); d.in("F. 1:1(0) ack 1 win 257");
                   Drill.done(d.stack.close(fd, d.now)); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.close(fd, d.now));
                   d.in("F. 1:1(0) ack 1 win 257"); },
            d -> { int fd = d.acceptedConnection(SYN); Drill.done(d.stack.close(fd, d.now));
                   d.in("F. 1:1(0) ack 2 win 257"); });

    @Test
    void hundredThousandSegmentsBreakNothing() {
        SplittableRandom rnd = new SplittableRandom(20_251_121);
        int segments = 0;
        while (segments < 100_000) {
            Drill d = new Drill();
            SETUPS.get(rnd.nextInt(SETUPS.size())).accept(d);
            List<TcpSegment> seen = new ArrayList<>();
            for (OutboundPacket p : d.stack.drainOutbound()) {
                seen.add((TcpSegment) p.packet().transport());
            }
            for (int i = 0; i < 200; i++, segments++) {
                TcpSegment seg = randomSegment(rnd, d, seen);
                long before = d.now;
                d.now += rnd.nextInt(4) == 0 ? rnd.nextLong(3_000_000) : rnd.nextLong(2_000);
                var states = snapshot(d);
                if (rnd.nextInt(10) == 0) {
                    int fd = d.stack.fds.isEmpty() ? 3 : d.stack.fds.lastKey();
                    switch (rnd.nextInt(5)) {
                        case 0 -> d.stack.read(fd, rnd.nextInt(5000), d.now);
                        case 1 -> d.stack.write(fd, rnd.nextInt(5000), d.now);
                        case 2 -> d.stack.close(fd, d.now);
                        case 3 -> d.stack.shutdown(fd, rnd.nextInt(3), d.now);
                        default -> d.stack.accept(fd, d.now);
                    }
                } else {
                    d.stack.receive(IpPacket.of(Drill.REMOTE, Drill.LOCAL, seg), d.now);
                }
                for (OutboundPacket p : d.stack.drainOutbound()) {
                    assertThat(p.sentMicros()).isBetween(before, d.now);
                    seen.add((TcpSegment) p.packet().transport());
                }
                checkInvariants(d, states);
            }
        }
    }

    private static java.util.Map<Tcb, TcpState> snapshot(Drill d) {
        java.util.Map<Tcb, TcpState> m = new java.util.IdentityHashMap<>();
        for (Tcb t : d.stack.sockets) {
            m.put(t, t.state);
        }
        return m;
    }

    private static void checkInvariants(Drill d, java.util.Map<Tcb, TcpState> before) {
        for (Timer timer : d.stack.pendingTimers()) {
            assertThat(timer.deadlineMicros()).as("timer %s", timer).isGreaterThanOrEqualTo(d.now);
        }
        for (Tcb t : d.stack.sockets) {
            if (t.state == TcpState.LISTEN) {
                continue;
            }
            assertThat(SeqNum.le(t.sndUna, t.sndNxt)).as("snd_una <= snd_nxt").isTrue();
            assertThat(t.sndWnd).isNotNegative();
            assertThat(t.rcvWnd).isNotNegative();
            assertThat(t.unreadBytes).isNotNegative();
            assertThat(t.cwnd).isPositive();
            scoreboardInvariants(t);
            TcpState from = before.get(t);
            if (from != null) {
                assertThat(legal(from, t.state)).as("%s -> %s", from, t.state).isTrue();
            }
        }
    }

    /**
     * tcp_verify_left_out and friends: sacked_out + lost_out never exceed packets_out, a SACKed skb
     * is neither lost nor in retransmission, only sent skbs carry scoreboard bits, what is in flight
     * is never negative, and ssthresh never drops below 2.
     */
    private static void scoreboardInvariants(Tcb t) {
        long packetsOut = t.inFlightSegments();
        assertThat(Scoreboard.leftOut(t)).as("left_out <= packets_out").isLessThanOrEqualTo(packetsOut);
        assertThat(Scoreboard.retransOut(t)).as("retrans_out <= packets_out").isLessThanOrEqualTo(packetsOut);
        assertThat(Scoreboard.packetsInFlight(t)).as("in flight").isNotNegative();
        assertThat(t.ssthresh).as("ssthresh").isGreaterThanOrEqualTo(2);
        assertThat(t.reordering).as("reordering").isBetween(1L, 300L);
        for (Tcb.Skb s : t.sendQueue) {
            if (!s.sent) {
                assertThat(s.sacked || s.lostMarked || s.retransInFlight).as("bits on an unsent skb").isFalse();
            }
            assertThat(s.sacked && (s.lostMarked || s.retransInFlight)).as("SACKed and lost/retransmitted").isFalse();
        }
    }

    /** RFC 9293's state diagram plus Linux's shortcuts (FIN+ACK in FIN_WAIT1 → TIME_WAIT). */
    private static boolean legal(TcpState from, TcpState to) {
        if (from == to || to == TcpState.CLOSED) {
            return true;
        }
        return switch (from) {
            case LISTEN -> false;
            case SYN_SENT -> to == TcpState.ESTABLISHED || to == TcpState.SYN_RECV;
            case SYN_RECV -> to == TcpState.ESTABLISHED || to == TcpState.FIN_WAIT1 || to == TcpState.CLOSE_WAIT;
            case ESTABLISHED -> to == TcpState.FIN_WAIT1 || to == TcpState.CLOSE_WAIT;
            case FIN_WAIT1 -> to == TcpState.FIN_WAIT2 || to == TcpState.CLOSING || to == TcpState.TIME_WAIT;
            case FIN_WAIT2 -> to == TcpState.TIME_WAIT;
            case CLOSE_WAIT -> to == TcpState.LAST_ACK;
            case CLOSING -> to == TcpState.TIME_WAIT;
            case LAST_ACK, TIME_WAIT, CLOSED -> false;
        };
    }

    private static int optionLength(TcpOption o) {
        return switch (o) {
            case TcpOption.Timestamp ts -> 10;
            case TcpOption.MaxSegmentSize m -> 4;
            case TcpOption.WindowScale w -> 3;
            default -> 2;
        };
    }

    private static TcpSegment randomSegment(SplittableRandom rnd, Drill d, List<TcpSegment> seen) {
        long base = Drill.PEER_ISN;
        long ack = d.localIsn < 0 ? rnd.nextLong(1L << 32) : d.localIsn;
        if (!seen.isEmpty() && rnd.nextBoolean()) {
            // Mutate something the stack sent, mirrored back: plausible numbers, odd flags.
            TcpSegment s = seen.get(rnd.nextInt(seen.size()));
            base = s.ack();
            ack = s.seq();
        }
        long seq = SeqNum.add(base, rnd.nextInt(3) == 0 ? rnd.nextLong(1L << 32) : rnd.nextInt(-3000, 70_000));
        ack = SeqNum.add(ack, rnd.nextInt(3) == 0 ? rnd.nextLong(1L << 32) : rnd.nextInt(-100, 10_000));
        int flags = rnd.nextInt(3) == 0 ? rnd.nextInt(0x200) : switch (rnd.nextInt(6)) {
            case 0 -> TcpFlags.SYN;
            case 1 -> TcpFlags.ACK;
            case 2 -> TcpFlags.ACK | TcpFlags.PSH;
            case 3 -> TcpFlags.FIN | TcpFlags.ACK;
            case 4 -> TcpFlags.RST | TcpFlags.ACK;
            default -> TcpFlags.RST;
        };
        List<TcpOption> options = new ArrayList<>();
        if (rnd.nextBoolean()) {
            options.add(new TcpOption.Timestamp(rnd.nextLong(1L << 32), rnd.nextInt(3) == 0 ? 0 : d.lastTsVal));
        }
        if (rnd.nextInt(4) == 0) {
            options.add(new TcpOption.MaxSegmentSize(rnd.nextInt(65536)));
        }
        if (rnd.nextInt(4) == 0) {
            options.add(new TcpOption.WindowScale(rnd.nextInt(256)));
        }
        if (rnd.nextInt(4) == 0) {
            options.add(new TcpOption.SackPermitted());
        }
        int room = (40 - options.stream().mapToInt(FuzzTest::optionLength).sum() - 2) / 8;
        if (room > 0 && rnd.nextInt(3) == 0) {
            // SACK blocks around what was acked: D-SACKs, reordering, holes, nonsense.
            List<TcpOption.SackBlock> blocks = new ArrayList<>();
            for (int i = rnd.nextInt(1, Math.min(room, 4) + 1); i > 0; i--) {
                long left = SeqNum.add(ack, rnd.nextInt(-3000, 30_000));
                blocks.add(new TcpOption.SackBlock(left, SeqNum.add(left, rnd.nextInt(1, 5) * 1000L)));
            }
            options.add(new TcpOption.Sack(blocks));
        }
        int len = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3000);
        int port = rnd.nextInt(20) == 0 ? rnd.nextInt(65536) : d.localPort;
        return new TcpSegment(d.remotePort, port, seq, ack, new TcpFlags(flags), rnd.nextInt(65536), 0, options,
                Payload.zeros(len));
    }
}
