package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A packetdrill-shaped harness for engine tests: times in seconds, segments in packetdrill notation
 * with sequence numbers relative to each side's ISN.
 *
 * <pre>
 *   d.at(0).in("S 0:0(0) win 32792 &lt;mss 1000,sackOK,nop,nop,nop,wscale 7&gt;");
 *   d.out("S. 0:0(0) ack 1 &lt;mss 1460,nop,nop,sackOK,nop,wscale 10&gt;");
 * </pre>
 * Outbound expectations may leave out {@code win N} and may write {@code <...>} to skip options;
 * timestamps print as {@code TS} (their values are the stack's business).
 */
final class Drill {
    static final InetAddress LOCAL = addr("192.168.0.1");
    static final InetAddress REMOTE = addr("192.0.2.1");
    static final long PEER_ISN = 1_000_000;

    final TcpStack stack;
    int remotePort = 50_000;
    int localPort = 8080;
    long now;
    long localIsn = -1;
    long lastTsVal;
    private final ArrayDeque<OutboundPacket> pending = new ArrayDeque<>();

    Drill() {
        this(new Tunables());
    }

    Drill(Tunables tunables) {
        stack = new TcpStack(List.of(LOCAL, addr("fd3d:a0b:17d6::1")), tunables, 1500, 42);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    Drill at(double seconds) {
        now = Math.round(seconds * 1_000_000);
        stack.advanceTo(now);
        collect();
        return this;
    }

    Drill plus(double seconds) {
        return at(now / 1e6 + seconds);
    }

    // ------------------------------------------------------------ socket helpers

    int socket() {
        return (int) done(stack.socket(2, 1, 6, now));
    }

    /** socket + SO_REUSEADDR + bind(8080) + listen. */
    int listener(int backlog) {
        int fd = socket();
        done(stack.setsockopt(fd, SocketOption.SO_REUSEADDR, 1, now));
        done(stack.bind(fd, new Endpoint(LOCAL, localPort), now));
        done(stack.listen(fd, backlog, now));
        return fd;
    }

    /** A passive open with the usual peer options, ending with an accepted fd. */
    int acceptedConnection(String synOptions) {
        int lfd = listener(1);
        in("S 0:0(0) win 32792 " + synOptions);
        out("S. 0:0(0) ack 1 <...>");
        in(". 1:1(0) ack 1 win 257");
        return (int) done(stack.accept(lfd, now));
    }

    /** As {@link #acceptedConnection}, with the peer's ACK {@code rtt} seconds after the SYN-ACK (an RTT sample). */
    int acceptedConnectionAfter(double rtt, String synOptions) {
        int lfd = listener(1);
        in("S 0:0(0) win 32792 " + synOptions);
        out("S. 0:0(0) ack 1 <...>");
        plus(rtt).in(". 1:1(0) ack 1 win 257");
        return (int) done(stack.accept(lfd, now));
    }

    /** An active open: connect, SYN out, SYN-ACK in, ACK out; returns the connected fd. */
    int connectedSocket(String synAckOptions) {
        int fd = socket();
        done(stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, now));
        assertThat(stack.connect(fd, new Endpoint(REMOTE, remotePort), now))
                .isEqualTo(new SocketCallResult.Failed(dev.jdrill.wire.Errno.EINPROGRESS));
        localPort = stack.localOf(fd).orElseThrow().port();
        out("S 0:0(0) <...>");
        in("S. 0:0(0) ack 1 win 65535 " + synAckOptions);
        out(". 1:1(0) ack 1 <...>");
        done(stack.setFileStatusFlags(fd, 0, now));
        return fd;
    }

    static long done(SocketCallResult r) {
        assertThat(r).isInstanceOf(SocketCallResult.Done.class);
        return ((SocketCallResult.Done) r).value();
    }

    // ------------------------------------------------------------ segments

    /** Injects a segment from the peer at the current time; a {@code [ect0]}/{@code [ect1]}/{@code [ce]} prefix sets its ECN bits. */
    Drill in(String spec) {
        int ecn = 0;
        if (spec.startsWith("[")) {
            ecn = ECN_NAMES.indexOf(spec.substring(1, spec.indexOf(']')));
            spec = spec.substring(spec.indexOf(']') + 1).trim();
        }
        stack.receive(IpPacket.of(REMOTE, LOCAL, parseInbound(spec)).withTrafficClass(ecn), now);
        collect();
        return this;
    }

    /** The next outbound segment must match {@code expected}; it must have been sent at the current time. */
    OutboundPacket out(String expected) {
        OutboundPacket p = next();
        assertThat(p.sentMicros()).as("send time of %s", render(p, true)).isEqualTo(now);
        assertMatches(p, expected);
        return p;
    }

    /** The next outbound segment, which must match, sent at {@code seconds} (the clock moves there). */
    OutboundPacket outAt(double seconds, String expected) {
        return outAt(seconds, 0.040, expected);
    }

    /**
     * As {@link #outAt(double, String)} with a tolerance: the kernel's timer wheel rounds long timers
     * to buckets whose phase depends on its absolute jiffies, so ladders agree only to a bucket.
     */
    OutboundPacket outAt(double seconds, double toleranceSeconds, String expected) {
        long deadline = Math.round(seconds * 1_000_000);
        long tol = Math.round(toleranceSeconds * 1_000_000);
        OutboundPacket p = nextBefore(deadline + tol);
        assertThat(p.sentMicros()).as("send time of %s", render(p, true)).isBetween(deadline - tol, deadline + tol);
        now = Math.max(now, p.sentMicros());
        assertMatches(p, expected);
        return p;
    }

    /** Nothing is sent up to (and including) {@code seconds}. */
    Drill quietUntil(double seconds) {
        long until = Math.round(seconds * 1_000_000);
        stack.advanceTo(Math.max(until, now));
        now = Math.max(until, now);
        collect();
        assertThat(pending).as("unexpected outbound").isEmpty();
        return this;
    }

    /**
     * Everything sent and not yet taken, each as {@code time render}, after running the timers up to
     * {@code seconds}: a transcript to hold against another run's.
     */
    List<String> transcriptUntil(double seconds) {
        long until = Math.round(seconds * 1_000_000);
        stack.advanceTo(Math.max(until, now));
        now = Math.max(until, now);
        collect();
        List<String> out = new ArrayList<>();
        for (OutboundPacket p : pending) {
            out.add(p.sentMicros() + " " + render(p, true));
        }
        pending.clear();
        return out;
    }

    Drill noMoreOutput() {
        collect();
        assertThat(pending.stream().map(p -> render(p, true)).toList()).as("unexpected outbound").isEmpty();
        return this;
    }

    private OutboundPacket next() {
        collect();
        assertThat(pending).as("expected an outbound segment at %d µs", now).isNotEmpty();
        return pending.poll();
    }

    private OutboundPacket nextBefore(long deadline) {
        collect();
        while (pending.isEmpty()) {
            var d = stack.nextDeadline();
            assertThat(d).as("no outbound segment and no timer pending").isPresent();
            assertThat(d.getAsLong()).as("next timer").isLessThanOrEqualTo(deadline);
            stack.advanceTo(d.getAsLong());
            collect();
        }
        return pending.poll();
    }

    private void collect() {
        for (OutboundPacket p : stack.drainOutbound()) {
            TcpSegment s = (TcpSegment) p.packet().transport();
            if (localIsn < 0 && s.flags().syn()) {
                localIsn = s.seq();
            }
            s.option(TcpOption.Timestamp.class).ifPresent(ts -> lastTsVal = ts.val());
            pending.add(p);
        }
    }

    private void assertMatches(OutboundPacket p, String expected) {
        String actual = render(p, expected.contains(" win "));
        if (expected.endsWith("<...>")) {
            String prefix = expected.substring(0, expected.length() - 5).trim();
            String head = actual.contains(" <") ? actual.substring(0, actual.indexOf(" <")) : actual;
            assertThat(head).isEqualTo(prefix);
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** The ECN codepoints by value, as packetdrill writes them. */
    private static final List<String> ECN_NAMES = List.of("noecn", "ect1", "ect0", "ce");

    /** Relative packetdrill notation of an outbound segment; {@code [ect0] } etc. first when not Not-ECT. */
    String render(OutboundPacket p, boolean withWindow) {
        TcpSegment s = (TcpSegment) p.packet().transport();
        long base = localIsn < 0 ? s.seq() : localIsn;
        long rel = s.flags().syn() ? 0 : SeqNum.diff(s.seq(), base);
        StringBuilder sb = new StringBuilder();
        if (p.packet().ecn() != 0) {
            sb.append('[').append(ECN_NAMES.get(p.packet().ecn())).append("] ");
        }
        sb.append(s.flags().toScript()).append(' ').append(rel).append(':').append(rel + s.payload().length())
                .append('(').append(s.payload().length()).append(')');
        if (s.flags().ack()) {
            sb.append(" ack ").append(SeqNum.diff(s.ack(), PEER_ISN));
        }
        if (withWindow) {
            sb.append(" win ").append(s.window());
        }
        if (!s.options().isEmpty()) {
            List<String> o = new ArrayList<>();
            for (TcpOption opt : s.options()) {
                o.add(switch (opt) {
                    case TcpOption.Timestamp ts -> "TS";
                    case TcpOption.Sack sack -> {
                        StringBuilder b = new StringBuilder("sack");
                        for (var blk : sack.blocks()) {
                            b.append(' ').append(SeqNum.diff(blk.left(), PEER_ISN)).append(':')
                                    .append(SeqNum.diff(blk.right(), PEER_ISN));
                        }
                        yield b.toString();
                    }
                    default -> opt.toScript();
                });
            }
            sb.append(" <").append(String.join(",", o)).append('>');
        }
        return sb.toString();
    }

    /** Parses {@code FLAGS start:end(len) [ack N] win W [<options>]}, relative to the ISNs. */
    /** {@code sack 1001:2001 3001:4001}: blocks relative to our ISN, as in a script. */
    private TcpOption sackOption(String[] words) {
        List<TcpOption.SackBlock> blocks = new ArrayList<>();
        long isn = localIsn < 0 ? 0 : localIsn;
        for (int i = 1; i < words.length; i++) {
            String[] edges = words[i].split(":");
            blocks.add(new TcpOption.SackBlock(SeqNum.add(isn, Long.parseLong(edges[0])), SeqNum.add(isn, Long.parseLong(edges[1]))));
        }
        return new TcpOption.Sack(blocks);
    }

    TcpSegment parseInbound(String spec) {
        String opts = "";
        int lt = spec.indexOf('<');
        if (lt >= 0) {
            opts = spec.substring(lt + 1, spec.lastIndexOf('>'));
            spec = spec.substring(0, lt).trim();
        }
        String[] w = spec.trim().split("\\s+");
        TcpFlags flags = TcpFlags.parseScript(w[0]);
        String range = w[1];
        long start = Long.parseLong(range.substring(0, range.indexOf(':')));
        int len = Integer.parseInt(range.substring(range.indexOf('(') + 1, range.indexOf(')')));
        long ack = 0;
        int win = 0;
        for (int i = 2; i < w.length; i += 2) {
            switch (w[i]) {
                case "ack" -> ack = SeqNum.add(localIsn < 0 ? 0 : localIsn, Long.parseLong(w[i + 1]));
                case "win" -> win = Integer.parseInt(w[i + 1]);
                default -> throw new IllegalArgumentException("unknown word " + w[i]);
            }
        }
        List<TcpOption> options = new ArrayList<>();
        if (!opts.isBlank()) {
            for (String o : opts.split(",")) {
                String[] p = o.trim().split("\\s+");
                options.add(switch (p[0]) {
                    case "mss" -> new TcpOption.MaxSegmentSize(Integer.parseInt(p[1]));
                    case "sackOK" -> new TcpOption.SackPermitted();
                    case "nop" -> new TcpOption.Nop();
                    case "wscale" -> new TcpOption.WindowScale(Integer.parseInt(p[1]));
                    case "FO" -> new TcpOption.FastOpen(p.length > 1 ? p[1] : "");
                    // ecr echoes our last TSval unless 0, or a literal written "=N" (a bogus echo)
                    case "TS" -> new TcpOption.Timestamp(Long.parseLong(p[2]), p[4].startsWith("=")
                            ? Long.parseLong(p[4].substring(1)) : Long.parseLong(p[4]) == 0 ? 0 : lastTsVal);
                    case "sack" -> sackOption(p);
                    default -> throw new IllegalArgumentException("unknown option " + o);
                });
            }
        }
        return new TcpSegment(remotePort, localPort, SeqNum.add(PEER_ISN, start), ack, flags, win, 0, options,
                Payload.zeros(len));
    }
}
