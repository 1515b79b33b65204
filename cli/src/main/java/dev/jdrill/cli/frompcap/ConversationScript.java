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
 * and close before the stack's FIN.
 */
final class ConversationScript {
    private static final int LISTEN_FD = 3;
    private static final int ACCEPTED_FD = 4;

    private final TcpConnection connection;
    private final List<Line> lines = new ArrayList<>();
    private final long localIsn;
    private final long peerIsn;
    private final boolean activeOpen;
    private int fd = LISTEN_FD;
    private boolean accepted;
    private boolean closed;
    private long writtenTo = 1;
    private long readTo = 1;
    /** The peer's data received so far, relative start → end, to read only what is in order. */
    private final TreeMap<Long, Long> received = new TreeMap<>();

    private record Line(long micros, String text) {
    }

    private ConversationScript(TcpConnection connection, long localIsn, long peerIsn, boolean activeOpen) {
        this.connection = connection;
        this.localIsn = localIsn;
        this.peerIsn = peerIsn;
        this.activeOpen = activeOpen;
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
            call(start, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        } else {
            call(start, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
            call(start, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
            call(start, "bind(3, ..., ...) = 0");
            call(start, "listen(3, 1) = 0");
        }
        for (int i = 0; i < segments.size(); i++) {
            CapturedSegment s = segments.get(i);
            if (s.fromLocal()) {
                fromStack(segments, i);
            } else {
                fromPeer(s);
            }
        }
    }

    private void fromStack(List<CapturedSegment> segments, int index) {
        CapturedSegment s = segments.get(index);
        TcpSegment tcp = s.tcp();
        long end = SegmentNotation.relative(tcp.seq(), localIsn) + tcp.payload().length();
        if (tcp.payload().length() > 0 && end > writtenTo && !closed && canUseSocket()) {
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
        if (tcp.flags().fin() && !closed && canUseSocket()) {
            call(s.micros(), "close(" + fd + ") = 0");
            closed = true;
        }
        lines.add(new Line(s.micros(), "> " + SegmentNotation.of(tcp, false, localIsn, peerIsn)));
    }

    private void fromPeer(CapturedSegment s) {
        TcpSegment tcp = s.tcp();
        lines.add(new Line(s.micros(), "< " + SegmentNotation.of(tcp, true, peerIsn, localIsn)));
        if (!activeOpen && !accepted && !tcp.flags().syn() && !tcp.flags().rst() && tcp.flags().ack()
                && tcp.ack() == ((localIsn + 1) & 0xffff_ffffL)) {
            call(s.micros(), "accept(3, ..., ...) = 4");
            accepted = true;
            fd = ACCEPTED_FD;
        }
        if (tcp.payload().length() > 0 && !closed && canUseSocket()) {
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

    private boolean canUseSocket() {
        return activeOpen || accepted;
    }

    private void call(long micros, String text) {
        lines.add(new Line(micros, text));
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
        long previous = first;
        boolean firstLine = true;
        for (Line line : lines) {
            String time = firstLine ? "0" : "+" + seconds(line.micros() - previous);
            sb.append(String.format("%-10s", time)).append(line.text()).append('\n');
            previous = line.micros();
            firstLine = false;
        }
        return sb.toString();
    }

    /** Microseconds as the shortest exact decimal of seconds: 0, 0.1, 1.000231. */
    private static String seconds(long micros) {
        return BigDecimal.valueOf(Math.max(0, micros), 6).stripTrailingZeros().toPlainString();
    }
}
