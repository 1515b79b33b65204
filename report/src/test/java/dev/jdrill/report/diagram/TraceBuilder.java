package dev.jdrill.report.diagram;

import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import dev.jdrill.wire.TcpState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds traces as a script reads: {@code in(0.1, 5, "S 0:0(0) win 65535 <mss 1460>")}. The packets are
 * made from the notation (both ISNs 0, so script and wire numbers agree), peer 192.0.2.1:40000, stack
 * 192.168.0.1:8080, as the interpreter would record them.
 */
final class TraceBuilder {
    private static final Pattern RANGE = Pattern.compile("(\\d+):(\\d+)\\((\\d+)\\)");
    private static final Pattern ACK = Pattern.compile(" ack (\\d+)");
    private static final Pattern WIN = Pattern.compile(" win (\\d+)");
    private static final long TOLERANCE = 4_000;

    private final List<TraceEntry> entries = new ArrayList<>();

    static long micros(double seconds) {
        return Math.round(seconds * 1e6);
    }

    TraceBuilder in(double seconds, int line, String notation) {
        entries.add(new TraceEntry.Injected(micros(seconds), packet(notation, true), notation, line));
        return this;
    }

    /** A segment the stack sent that matched line {@code line}, on time within the default tolerance. */
    TraceBuilder out(double seconds, int line, String notation) {
        long t = micros(seconds);
        entries.add(new TraceEntry.Sent(t, packet(notation, false), notation, line,
                Optional.of(new TraceEntry.Window(t - TOLERANCE, t + TOLERANCE))));
        return this;
    }

    TraceBuilder call(double seconds, int line, String text) {
        return call(seconds, seconds, line, text);
    }

    TraceBuilder call(double started, double returned, int line, String text) {
        entries.add(new TraceEntry.CallReturned(micros(returned), micros(started), text, line));
        return this;
    }

    TraceBuilder seen(double seconds, int line, TcpState state) {
        entries.add(new TraceEntry.StateSeen(micros(seconds), state, line));
        return this;
    }

    /** The script's {@code >} line at {@code seconds} that was not met. */
    TraceEntry.Expected expectedAt(double seconds, int line, String notation) {
        long t = micros(seconds);
        TraceEntry.Expected e = new TraceEntry.Expected(t, notation, line,
                Optional.of(new TraceEntry.Window(t - TOLERANCE, t + TOLERANCE)));
        entries.add(e);
        return e;
    }

    TraceBuilder expected(double seconds, int line, String notation) {
        expectedAt(seconds, line, notation);
        return this;
    }

    List<TraceEntry> build() {
        return List.copyOf(entries);
    }

    static IpPacket packet(String notation, boolean inbound) {
        String flags = notation.strip().split("\\s+")[0];
        long seq = 0;
        int length = 0;
        Matcher range = RANGE.matcher(notation);
        if (range.find()) {
            seq = Long.parseLong(range.group(1));
            length = Integer.parseInt(range.group(3));
        }
        Matcher ack = ACK.matcher(notation);
        Matcher win = WIN.matcher(notation);
        TcpSegment segment = new TcpSegment(inbound ? 40000 : 8080, inbound ? 8080 : 40000, seq,
                ack.find() ? Long.parseLong(ack.group(1)) : 0, TcpFlags.parseScript(flags),
                win.find() ? Integer.parseInt(win.group(1)) : 65535, 0, List.of(), Payload.zeros(length));
        InetAddress peer = address("192.0.2.1");
        InetAddress stack = address("192.168.0.1");
        return IpPacket.of(inbound ? peer : stack, inbound ? stack : peer, segment);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
