package dev.jdrill.cli.frompcap;

import dev.jdrill.cli.frompcap.TcpConnection.CapturedSegment;
import dev.jdrill.wire.TcpSegment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a script from one captured connection: the peer's segments as {@code <} lines, the stack's as
 * {@code >} lines, each at its time relative to the previous line, with the socket calls the segments
 * imply — connect for the stack's SYN, listen before and accept after the peer's handshake, a write
 * before each burst of new data the stack sends, a read after each in-order stretch of the peer's data,
 * close before the stack's FIN (shutdown(SHUT_WR) when the stack goes on taking the peer's data after
 * it), an abortive close (SO_LINGER 0) before a RST the stack sends unprompted, and the keepalive
 * settings its probes show ({@link KeepaliveProbes}).
 *
 * <p>Times: a peer's segment keeps its captured time; what the stack does within
 * {@link #REACTION_MICROS} of the line before it is written at that line's time ({@code +0}), since it
 * is that line's consequence and the capture's delay is the capturing host's latency, which a replay
 * would otherwise have to repeat within packetdrill's 4 ms tolerance.
 */
final class ConversationScript {
    private static final int LISTEN_FD = 3;
    private static final int ACCEPTED_FD = 4;
    /** Below Linux's shortest timer a script meets (the 40 ms delayed ACK): a reaction, not a timer. */
    static final long REACTION_MICROS = 25_000;

    private final TcpConnection connection;
    private final List<Line> lines = new ArrayList<>();
    private final long localIsn;
    private final long peerIsn;
    private final boolean activeOpen;
    private int fd = LISTEN_FD;
    private boolean accepted;
    private boolean closed;
    /** After shutdown(SHUT_WR): no more writes, reads go on. */
    private boolean writeShut;
    private final Optional<KeepaliveProbes> keepalive;
    private boolean keepaliveSet;
    private long writtenTo = 1;
    private long readTo = 1;
    /** The peer's data received so far, relative start → end, to read only what is in order. */
    private final TreeMap<Long, Long> received = new TreeMap<>();

    /** @param reaction the stack's doing: written at the previous line's time when it follows closely */
    private record Line(long micros, String text, boolean reaction) {
    }

    private ConversationScript(TcpConnection connection, long localIsn, long peerIsn, boolean activeOpen) {
        this.connection = connection;
        this.localIsn = localIsn;
        this.peerIsn = peerIsn;
        this.activeOpen = activeOpen;
        this.keepalive = KeepaliveProbes.find(connection.segments(), localIsn);
    }

    static String write(TcpConnection connection, String captureName) throws CaptureException {
        List<CapturedSegment> segments = connection.segments();
        Optional<CapturedSegment> firstSyn = segments.stream()
                .filter(s -> s.tcp().flags().syn() && !s.tcp().flags().ack()).findFirst();
        if (firstSyn.isEmpty()) {
            throw new CaptureException("the capture does not show how " + connection.local() + "-" + connection.peer()
                    + " was opened (no SYN); from-pcap needs the connection from its handshake on");
        }
        long localIsn = isn(segments, true).orElseThrow(() -> new CaptureException(
                "the stack " + connection.local() + " sent no SYN or SYN-ACK in the capture; is --flow the right way round?"));
        // A peer that never answers with a SYN (a RST to a closed port) has no ISN; its numbers stay absolute.
        long peerIsn = isn(segments, false).orElse(0L);
        ConversationScript script = new ConversationScript(connection, localIsn, peerIsn, firstSyn.get().fromLocal());
        script.convert();
        return script.render(captureName);
    }

    private static Optional<Long> isn(List<CapturedSegment> segments, boolean fromLocal) {
        return segments.stream().filter(s -> s.fromLocal() == fromLocal && s.tcp().flags().syn())
                .map(s -> s.tcp().seq()).findFirst();
    }

    private void convert() {
        List<CapturedSegment> segments = connection.segments();
        long start = segments.getFirst().micros();
        if (activeOpen) {
            call(start, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
            call(start, "fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
            keepalive.ifPresent(k -> k.calls(LISTEN_FD).forEach(c -> call(start, c)));
            call(start, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        } else {
            call(start, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
            call(start, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
            call(start, "bind(3, ..., ...) = 0");
            call(start, "listen(3, 1) = 0");
        }
        for (int i = 0; i < segments.size(); i++) {
            CapturedSegment s = segments.get(i);
            if (!activeOpen && accepted && !keepaliveSet && keepalive.isPresent()
                    && s.micros() >= keepalive.get().armMicros()) {
                long at = Math.max(keepalive.get().armMicros(), lines.getLast().micros());
                keepalive.get().calls(ACCEPTED_FD).forEach(c -> call(at, c));
                keepaliveSet = true;
            }
            if (s.fromLocal()) {
                fromStack(segments, i);
            } else {
                fromPeer(segments, i);
            }
        }
    }

    private void fromStack(List<CapturedSegment> segments, int index) {
        CapturedSegment s = segments.get(index);
        TcpSegment tcp = s.tcp();
        long end = SegmentNotation.relative(tcp.seq(), localIsn) + tcp.payload().length();
        if (tcp.payload().length() > 0 && end > writtenTo && !closed && !writeShut && canUseSocket()) {
            // One write for the whole burst: the segments the stack sends back to back come from it.
            long burstEnd = end;
            for (int j = index + 1; j < segments.size() && segments.get(j).fromLocal(); j++) {
                TcpSegment next = segments.get(j).tcp();
                burstEnd = Math.max(burstEnd, SegmentNotation.relative(next.seq(), localIsn) + next.payload().length());
            }
            long bytes = burstEnd - writtenTo;
            call(s.micros(), "write(" + fd + ", ..., " + bytes + ") = " + bytes);
            writtenTo = burstEnd;
        }
        if (tcp.flags().fin() && !closed && !writeShut && canUseSocket()) {
            if (takesDataAfter(segments, index)) {
                call(s.micros(), "shutdown(" + fd + ", SHUT_WR) = 0");
                writeShut = true;
            } else {
                call(s.micros(), "close(" + fd + ") = 0");
                closed = true;
            }
        } else if (tcp.flags().rst() && !closed && canUseSocket() && !answers(segments, index)
                && !endsKeepalive(segments, index)) {
            // A RST nothing prompted is the application aborting: close() with SO_LINGER 0 sends exactly that
            // (so does close() with unread data, which the reads written here never leave behind).
            call(s.micros(), "setsockopt(" + fd + ", SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0");
            call(s.micros(), "close(" + fd + ") = 0");
            closed = true;
        }
        lines.add(new Line(s.micros(), "> " + SegmentNotation.of(tcp, false, localIsn, peerIsn), true));
    }

    /** After the stack's FIN, the peer sends data and the stack never resets: it was a half close. */
    private static boolean takesDataAfter(List<CapturedSegment> segments, int finIndex) {
        boolean peerData = false;
        for (int j = finIndex + 1; j < segments.size(); j++) {
            CapturedSegment later = segments.get(j);
            if (later.fromLocal() && later.tcp().flags().rst()) {
                return false;
            }
            peerData |= !later.fromLocal() && later.tcp().payload().length() > 0;
        }
        return peerData;
    }

    /** The RST the keepalive timer sends after the last unanswered probe. */
    private boolean endsKeepalive(List<CapturedSegment> segments, int index) {
        for (int j = index - 1; j >= 0 && segments.get(j).fromLocal(); j--) {
            if (keepalive.isPresent() && keepalive.get().probes().contains(j)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the stack's segment follows a peer segment closely enough to be its answer. */
    private static boolean answers(List<CapturedSegment> segments, int index) {
        for (int j = index - 1; j >= 0; j--) {
            CapturedSegment before = segments.get(j);
            if (!before.fromLocal()) {
                return segments.get(index).micros() - before.micros() < REACTION_MICROS;
            }
        }
        return false;
    }

    private void fromPeer(List<CapturedSegment> segments, int index) {
        CapturedSegment s = segments.get(index);
        TcpSegment tcp = s.tcp();
        lines.add(new Line(s.micros(), "< " + SegmentNotation.of(tcp, true, peerIsn, localIsn), false));
        if (!activeOpen && !accepted && completesHandshake(segments, index)) {
            call(s.micros(), "accept(3, ..., ...) = 4");
            accepted = true;
            fd = ACCEPTED_FD;
        }
        if (tcp.payload().length() > 0 && !closed && canUseSocket() && !dropped(segments, index)) {
            long from = SegmentNotation.relative(tcp.seq(), peerIsn);
            received.merge(from, from + tcp.payload().length(), Math::max);
            long inOrder = readTo;
            for (Map.Entry<Long, Long> r : received.entrySet()) {
                if (r.getKey() <= inOrder) {
                    inOrder = Math.max(inOrder, r.getValue());
                }
            }
            if (inOrder > readTo) {
                long bytes = inOrder - readTo;
                call(s.micros(), "read(" + fd + ", ..., " + bytes + ") = " + bytes);
                readTo = inOrder;
            }
        }
    }

    /**
     * The peer's ACK of the SYN-ACK, at the sequence number right after its SYN (one elsewhere draws a
     * challenge ACK and leaves the request waiting), that the stack does not answer with a RST (a request
     * already gone): accept() returns the connection from here on.
     */
    private boolean completesHandshake(List<CapturedSegment> segments, int index) {
        TcpSegment tcp = segments.get(index).tcp();
        if (tcp.flags().syn() || tcp.flags().rst() || !tcp.flags().ack() || tcp.ack() != ((localIsn + 1) & 0xffff_ffffL)
                || SegmentNotation.relative(tcp.seq(), peerIsn) != 1) {
            return false;
        }
        for (int j = index + 1; j < segments.size(); j++) {
            CapturedSegment next = segments.get(j);
            if (next.fromLocal()) {
                return !(next.tcp().flags().rst() && next.micros() - segments.get(index).micros() < REACTION_MICROS);
            }
        }
        return true;
    }

    /**
     * The stack never acknowledged the peer's data before the peer sent it again (or the capture ended): it
     * dropped the segment (an ACK of data it never sent, a sequence number outside the window), so there
     * is nothing new to read. A capture taken at the stack shows every ACK it sent.
     */
    private boolean dropped(List<CapturedSegment> segments, int index) {
        TcpSegment data = segments.get(index).tcp();
        long from = SegmentNotation.relative(data.seq(), peerIsn);
        long end = from + data.payload().length();
        for (int j = index + 1; j < segments.size(); j++) {
            TcpSegment next = segments.get(j).tcp();
            if (segments.get(j).fromLocal()) {
                if (next.flags().ack() && SegmentNotation.relative(next.ack(), peerIsn) >= end) {
                    return false;
                }
            } else if (next.payload().length() > 0 && SegmentNotation.relative(next.seq(), peerIsn) <= from) {
                return true;
            }
        }
        return true;
    }

    private boolean canUseSocket() {
        return activeOpen || accepted;
    }

    private void call(long micros, String text) {
        lines.add(new Line(micros, text, true));
    }

    private String render(String captureName) {
        List<CapturedSegment> segments = connection.segments();
        long first = segments.getFirst().micros();
        long span = segments.getLast().micros() - first;
        StringBuilder sb = new StringBuilder();
        sb.append("// Generated by `jdrill from-pcap ").append(captureName).append("` from ").append(segments.size())
                .append(" segments over ").append(seconds(span)).append(" s.\n");
        sb.append("// The stack under test is ").append(connection.local()).append(" (its segments are '>' lines),")
                .append(" the peer ").append(connection.peer()).append(" ('<' lines).\n");
        sb.append("// The socket calls are inferred from the segments: check them against what the application did.\n\n");
        long previousCaptured = first;
        long previousScheduled = first;
        boolean firstLine = true;
        for (Line line : lines) {
            boolean snapped = line.reaction() && line.micros() - previousCaptured < REACTION_MICROS;
            long scheduled = snapped ? previousScheduled : line.micros();
            String time = firstLine ? "0" : "+" + seconds(scheduled - previousScheduled);
            sb.append(String.format("%-10s", time)).append(line.text()).append('\n');
            previousCaptured = line.micros();
            previousScheduled = scheduled;
            firstLine = false;
        }
        return sb.toString();
    }

    /** Microseconds as the shortest exact decimal of seconds: 0, 0.1, 1.000231. */
    private static String seconds(long micros) {
        return BigDecimal.valueOf(Math.max(0, micros), 6).stripTrailingZeros().toPlainString();
    }
}
