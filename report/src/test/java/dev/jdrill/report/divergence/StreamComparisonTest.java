package dev.jdrill.report.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two made-up runs of one passive open: the engine's ISN 1000 and TS clock base 5000, the kernel's
 * ISN 7777777 and base 123456. Only what differs in meaning is a divergence.
 */
class StreamComparisonTest {
    private static final InetAddress LOCAL = address("192.168.0.1");
    private static final InetAddress REMOTE = address("192.0.2.1");

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** SYN in at 0 (line 5), SYN-ACK out (line 6), ACK in at 0.1 (line 7), data in (line 8), ACK out at +delay (line 9). */
    private static RunResult run(String target, long isn, long tsBase, int ackWindow, long ackEcr, long ackDelayMicros,
            long clockSkewMicros) {
        List<TraceEntry> trace = new ArrayList<>();
        long peerIsn = 1_000_000;
        TcpSegment syn = new TcpSegment(40_000, 8080, peerIsn, 0, TcpFlags.parseScript("S"), 65535, 0,
                List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.Timestamp(100, 0)), Payload.zeros(0));
        trace.add(new TraceEntry.Injected(clockSkewMicros, IpPacket.of(REMOTE, LOCAL, syn), "", 5));
        TcpSegment synAck = new TcpSegment(8080, 40_000, isn, peerIsn + 1, TcpFlags.parseScript("S."), 65160, 0,
                List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.Timestamp(tsBase, 100)), Payload.zeros(0));
        trace.add(new TraceEntry.Sent(clockSkewMicros + 100, IpPacket.of(LOCAL, REMOTE, synAck), "", 6));
        TcpSegment data = new TcpSegment(40_000, 8080, peerIsn + 1, isn + 1, TcpFlags.parseScript("P."), 257, 0,
                List.of(new TcpOption.Timestamp(200, tsBase)), Payload.zeros(100));
        trace.add(new TraceEntry.Injected(clockSkewMicros + 100_000, IpPacket.of(REMOTE, LOCAL, data), "", 8));
        long t = clockSkewMicros + 100_000 + ackDelayMicros;
        TcpSegment ack = new TcpSegment(8080, 40_000, isn + 1, peerIsn + 101, TcpFlags.parseScript("."), ackWindow, 0,
                List.of(new TcpOption.Timestamp(tsBase + (t - clockSkewMicros) / 1000, ackEcr)), Payload.zeros(0));
        trace.add(new TraceEntry.Sent(t, IpPacket.of(LOCAL, REMOTE, ack), "", 9));
        return new RunResult("x.pkt", target, new Verdict.Pass(), t, 1, trace, List.of());
    }

    @Test
    void theSameConversationInEachStacksOwnNumbersDoesNotDiverge() {
        RunResult engine = run("engine", 1000, 5000, 502, 200, 0, 0);
        // The kernel ran 30 ms late throughout (a loaded host): gaps and TS clock agree, so no divergence.
        RunResult linux = run("linux", 7_777_777, 123_456, 502, 200, 300, 30_000);
        assertThat(StreamComparison.compare(engine, linux, 4000)).isEmpty();
    }

    @Test
    void windowAndTsEcrDifferencesAreDivergencesWithBothSegmentsEvenWhenBothPass() {
        RunResult engine = run("engine", 1000, 5000, 500, 100, 0, 0);
        RunResult linux = run("linux", 7_777_777, 123_456, 502, 200, 0, 0);
        List<Divergence> d = StreamComparison.compare(engine, linux, 4000);
        assertThat(d).hasSize(1);
        assertThat(d.getFirst().line()).isEqualTo(9);
        assertThat(d.getFirst().differences()).isEqualTo("window 500 vs 502; TS ecr 100 vs 200");
        assertThat(d.getFirst().render()).contains("engine: 0.100000 . 1:1(0) ack 101 win 500 <TS val +100 ecr 100>")
                .contains("linux:  0.100000 . 1:1(0) ack 101 win 502 <TS val +100 ecr 200>");
    }

    @Test
    void aLateSegmentIsATimingDivergence() {
        RunResult engine = run("engine", 1000, 5000, 502, 200, 0, 0);
        RunResult linux = run("linux", 7_777_777, 123_456, 502, 200, 40_000, 0);
        List<Divergence> d = StreamComparison.compare(engine, linux, 4000);
        assertThat(d).singleElement().extracting(Divergence::differences).asString()
                .startsWith("sent 0.000000 vs 0.040000 s after the event before it");
    }

    @Test
    void aSegmentOnlyOneStackSentIsADivergence() {
        RunResult engine = run("engine", 1000, 5000, 502, 200, 0, 0);
        RunResult linux = run("linux", 7_777_777, 123_456, 502, 200, 0, 0);
        List<TraceEntry> shorter = new ArrayList<>(linux.trace().subList(0, 3));
        RunResult missing = new RunResult("x.pkt", "linux", new Verdict.Pass(), 1, 1, shorter, List.of());
        List<Divergence> d = StreamComparison.compare(engine, missing, 4000);
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.differences()).isEqualTo("only the engine sent this segment");
            assertThat(x.linux()).isEmpty();
        });
    }
}
