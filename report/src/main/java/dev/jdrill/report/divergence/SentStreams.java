package dev.jdrill.report.divergence;

import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the segments a stack sent out of a run's trace, in target-independent numbers
 * ({@link StreamSegment}). Each flow's ISNs are learnt from its SYNs in the trace itself: the stack's
 * from what it sent, the script's from what was injected; a SYN with a new sequence number (a new
 * connection on the same ports) starts over.
 */
final class SentStreams {
    private record Flow(String local, String remote) {
    }

    private static final class Numbering {
        Long localIsn;
        Long remoteIsn;
        Long firstTsVal;
        long firstTsMicros;
    }

    private SentStreams() {
    }

    static List<StreamSegment> of(List<TraceEntry> trace) {
        Map<Flow, Numbering> flows = new HashMap<>();
        List<StreamSegment> out = new ArrayList<>();
        int lastLine = 0;
        long lastEvent = 0;
        for (TraceEntry e : trace) {
            long previousEvent = lastEvent;
            if (!(e instanceof TraceEntry.Expected)) {
                lastEvent = Math.max(lastEvent, e.timeMicros());
            }
            switch (e) {
                case TraceEntry.Injected in -> {
                    lastLine = Math.max(lastLine, in.line());
                    in.packet().tcp().ifPresent(tcp -> {
                        Numbering n = flows.computeIfAbsent(flowOf(in.packet(), tcp, false), f -> new Numbering());
                        if (tcp.flags().has(TcpFlags.SYN) && (n.remoteIsn == null || n.remoteIsn != tcp.seq())) {
                            n.remoteIsn = tcp.seq();
                        }
                    });
                }
                case TraceEntry.Sent sent -> {
                    if (sent.packet().tcp().isEmpty()) {
                        continue;
                    }
                    TcpSegment tcp = sent.packet().tcp().get();
                    Numbering n = flows.computeIfAbsent(flowOf(sent.packet(), tcp, true), f -> new Numbering());
                    if (tcp.flags().has(TcpFlags.SYN) && (n.localIsn == null || n.localIsn != tcp.seq())) {
                        n.localIsn = tcp.seq();
                        n.firstTsVal = null;
                    }
                    boolean matched = sent.line() > 0;
                    out.add(segment(tcp, n, matched ? sent.line() : lastLine, matched, sent.timeMicros(),
                            sent.timeMicros() - previousEvent));
                    lastLine = Math.max(lastLine, sent.line());
                }
                case TraceEntry.CallReturned c -> lastLine = Math.max(lastLine, c.line());
                case TraceEntry.StateSeen s -> lastLine = Math.max(lastLine, s.line());
                case TraceEntry.Expected x -> {
                    // What the script wanted and did not get: not something a stack sent.
                }
            }
        }
        return out;
    }

    private static Flow flowOf(IpPacket p, TcpSegment tcp, boolean outbound) {
        String src = p.source().getHostAddress() + ":" + tcp.sourcePort();
        String dst = p.destination().getHostAddress() + ":" + tcp.destinationPort();
        return outbound ? new Flow(src, dst) : new Flow(dst, src);
    }

    private static StreamSegment segment(TcpSegment tcp, Numbering n, int line, boolean matched, long time,
            long sinceEvent) {
        long seq = relative(tcp.seq(), n.localIsn);
        long ack = tcp.flags().has(TcpFlags.ACK) ? relative(tcp.ack(), n.remoteIsn) : -1;
        long tsDelta = -1;
        long tsEcr = -1;
        long tsElapsed = -1;
        List<String> options = new ArrayList<>();
        for (TcpOption o : tcp.options()) {
            if (o instanceof TcpOption.Timestamp ts) {
                if (n.firstTsVal == null) {
                    n.firstTsVal = ts.val();
                    n.firstTsMicros = time;
                }
                tsElapsed = time - n.firstTsMicros;
                tsDelta = (ts.val() - n.firstTsVal) & 0xffff_ffffL;
                tsEcr = ts.ecr();
                options.add("TS");
            } else if (o instanceof TcpOption.Sack sack) {
                options.add(sack.mapEdges(edge -> relative(edge, n.remoteIsn)).toScript());
            } else {
                options.add(o.toScript());
            }
        }
        return new StreamSegment(line, matched, time, tcp.flags().toString(), seq, tcp.payload().length(), ack,
                tcp.window(), tsDelta, tsEcr, options, sinceEvent, tsElapsed);
    }

    private static long relative(long value, Long isn) {
        return isn == null ? value : (value - isn) & 0xffff_ffffL;
    }
}
