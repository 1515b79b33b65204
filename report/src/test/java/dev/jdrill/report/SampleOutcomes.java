package dev.jdrill.report;

import dev.jdrill.report.ScriptOutcome;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.interpreter.RunFailure;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Outcomes of made-up runs, so the reporters are tested without any target. */
final class SampleOutcomes {
    static final String FAILING_TEXT = """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) <...>
            +1 > S 0:0(0) <...>
            """;

    private SampleOutcomes() {
    }

    static ScriptOutcome passed(String path, String target, List<TraceEntry> trace) {
        return new ScriptOutcome(path, target, "", Optional.of(new RunResult(path, target, new Verdict.Pass(),
                1_000_000, 12, trace, List.of())), "");
    }

    static ScriptOutcome failed(String path, String target) {
        RunFailure failure = RunFailure.of(SourceSpan.at(path, 4, 1), "expected segment did not arrive")
                .withSegments("> S 0:0(0) <...>", Optional.of("> R 1:1(0)"))
                .withTiming("expected at 1.000000 s ± 0.004000, happened at 1.102311 s");
        return new ScriptOutcome(path, target, FAILING_TEXT, Optional.of(new RunResult(path, target,
                new Verdict.Fail(failure), 1_102_311, 30, List.of(), List.of())), "");
    }

    static ScriptOutcome skipped(String path, String target, String reason) {
        return new ScriptOutcome(path, target, "", Optional.of(new RunResult(path, target, new Verdict.Skip(reason),
                0, 1, List.of(), List.of())), "");
    }

    static ScriptOutcome unparsable(String path, String target) {
        return new ScriptOutcome(path, target, "0 bogus", Optional.empty(),
                path + ":1:3: error: unknown event 'bogus'\n0 bogus\n  ^");
    }

    static IpPacket segment(boolean fromPeer, int flags, long seq, long ack, int length) {
        try {
            InetAddress peer = InetAddress.getByName("192.0.2.1");
            InetAddress local = InetAddress.getByName("192.168.0.1");
            TcpSegment tcp = new TcpSegment(fromPeer ? 8080 : 40000, fromPeer ? 40000 : 8080, seq, ack,
                    new TcpFlags(flags), 65535, 0, flags == TcpFlags.SYN ? List.of(new TcpOption.MaxSegmentSize(1460))
                    : List.of(), Payload.zeros(length));
            return fromPeer ? IpPacket.of(peer, local, tcp) : IpPacket.of(local, peer, tcp);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
