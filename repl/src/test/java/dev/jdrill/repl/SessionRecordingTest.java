package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.interpreter.ObservedSegment;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What :save writes: absolute times from 0, the stack's segments in their place, the user's own > lines. */
class SessionRecordingTest {

    private static ObservedSegment segment(int index, long micros, String notation, boolean ours) throws Exception {
        var local = InetAddress.getByName("192.168.0.1");
        var remote = InetAddress.getByName("192.0.2.1");
        var packet = dev.jdrill.wire.IpPacket.of(local, remote,
                new dev.jdrill.wire.UdpDatagram(1, 2, dev.jdrill.wire.Payload.EMPTY));
        return new ObservedSegment(index, micros, packet, notation, ours);
    }

    @Test
    void answersFollowTheirCauseAtTheSameTimeAndTimesStartAtZero() throws Exception {
        SessionRecording r = new SessionRecording();
        long place = r.nextPlace();
        r.segment(segment(0, 2_000_000, "S. 0:0(0) ack 1", true));
        r.segment(segment(1, 2_500_000, "R 0:0(0)", false));
        r.event(place, 2_000_000, Optional.empty(), "< S 0:0(0) win 1");
        long later = r.nextPlace();
        r.segment(segment(2, 3_000_000, "S. 0:0(0) ack 1", true));
        r.asserted(2, "> S. 0:0(0) ack 1 <...>");
        r.event(r.nextPlace(), 4_000_000, Optional.of(4_500_000L), "read(3, ..., 10) = 10");
        assertThat(later).isGreaterThan(place);
        assertThat(r.render("// h\n")).isEqualTo("""
                // h
                0.000000 < S 0:0(0) win 1
                0.000000 > S. 0:0(0) ack 1
                1.000000 > S. 0:0(0) ack 1 <...>
                2.000000...2.500000 read(3, ..., 10) = 10
                """);
    }

    @Test
    void actionTextDropsTheTimeOnly() {
        String line = "+0.5...1 read(3, ..., 10) = 10  // blocks";
        var parsed = ScriptParser.parseLine("repl", line, 1, Map.of());
        assertThat(parsed.diagnostics()).isEmpty();
        Event e = parsed.event().orElseThrow();
        assertThat(ActionText.of(line, e)).startsWith("read(3, ..., 10) = 10");
        String plain = "< S 0:0(0) win 1";
        Event now = ScriptParser.parseLine("repl", plain, 1, Map.of()).event().orElseThrow();
        assertThat(ActionText.of(plain, now)).isEqualTo(plain);
        String timed = "\n0.25 `sysctl -q net.ipv4.tcp_sack=0`";
        Event cmd = ScriptParser.parseLine("repl", timed.strip(), 2, Map.of()).event().orElseThrow();
        assertThat(ActionText.of(timed, cmd)).isEqualTo("`sysctl -q net.ipv4.tcp_sack=0`");
    }
}
