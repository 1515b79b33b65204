package dev.jdrill.report.diagram;

import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.interpreter.RunFailure;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.wire.TcpState;
import java.util.List;
import java.util.Optional;

/** Typical runs, as the interpreter records them, for the diagram and report tests. */
final class SampleRuns {

    private SampleRuns() {
    }

    /** Passive open, one write, active close, TIME_WAIT asserted. 11 segments. */
    static TraceBuilder passiveOpenAndClose() {
        return new TraceBuilder()
                .call(0, 1, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .call(0, 2, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0")
                .call(0, 3, "bind(3, ..., ...) = 0")
                .call(0, 4, "listen(3, 1) = 0")
                .in(0.1, 6, "S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>")
                .out(0.1, 7, "S. 0:0(0) ack 1 win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 7>")
                .in(0.2, 8, ". 1:1(0) ack 1 win 257")
                .call(0.2, 9, "accept(3, ..., ...) = 4")
                .call(0.3, 11, "write(4, ..., 1000) = 1000")
                .out(0.3, 12, "P. 1:1001(1000) ack 1 win 502")
                .in(0.35, 13, ". 1:1(0) ack 1001 win 257")
                .call(0.5, 15, "close(4) = 0")
                .out(0.5, 16, "F. 1001:1001(0) ack 1 win 502")
                .in(0.55, 17, ". 1:1(0) ack 1002 win 257")
                .in(0.6, 18, "F. 1:1(0) ack 1002 win 257")
                .out(0.6, 19, ". 1002:1002(0) ack 2 win 502")
                .seen(0.6, 20, TcpState.TIME_WAIT)
                .in(61, 22, "R 2:2(0) win 0")
                .seen(61, 23, TcpState.CLOSED);
    }

    /** connect() to a silent peer: the SYN retransmitted with doubling timeouts for about 15 minutes. */
    static TraceBuilder synRetransmissionLadder() {
        TraceBuilder b = new TraceBuilder()
                .call(0, 1, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .call(0, 2, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)");
        double t = 0;
        double rto = 1;
        for (int i = 0; i < 9; i++) {
            b.out(t, 3 + i, "S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
            t += rto;
            rto = Math.min(rto * 2, 120);
        }
        return b.out(t + 400, 12, "S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>");
    }

    /** The stack answered the peer's FIN with a RST where the script expected a FIN. */
    static RunResult failingWithWrongFlags() {
        TraceBuilder b = new TraceBuilder()
                .call(0, 1, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .call(0, 2, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)")
                .out(0, 3, "S 0:0(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>")
                .in(0.1, 4, "S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 700 ecr 100,nop,wscale 7>")
                .out(0.1, 5, ". 1:1(0) ack 1 win 502 <nop,nop,TS val 200 ecr 700>")
                .call(0.2, 7, "close(3) = 0");
        b.expected(0.2, 8, "F. 1:1(0) ack 1 <...>");
        b.out(0.2, 8, "R. 1:1(0) ack 1 win 0");
        return failed("scripts/close/close-sends-fin.pkt", b.build(), 8,
                "bad outbound packet: flags: expected F. but got R.");
    }

    /** The stack sent the expected FIN two seconds late. */
    static RunResult failingLate() {
        TraceBuilder b = new TraceBuilder()
                .call(0, 1, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .call(0, 2, "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)")
                .out(0, 3, "S 0:0(0) win 64240 <mss 1460,sackOK,nop,wscale 7>")
                .in(0.1, 4, "S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,wscale 7>")
                .out(0.1, 5, ". 1:1(0) ack 1 win 502");
        b.expected(1.1, 7, "F. 1:1(0) ack 1");
        b.out(3.1, 7, "F. 1:1(0) ack 1 win 502");
        return failed("scripts/close/late-fin.pkt", b.build(), 7,
                "timing error: expected outbound packet at 1.100000 s ± 0.004000 but it happened at 3.100000 s");
    }

    /** The stack sent nothing where the script expected its SYN-ACK. */
    static RunResult failingSilent() {
        TraceBuilder b = new TraceBuilder()
                .call(0, 1, "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
                .call(0, 2, "bind(3, ..., ...) = 0")
                .call(0, 3, "listen(3, 1) = 0")
                .in(0.1, 4, "S 0:0(0) win 65535 <mss 1460>");
        b.expected(0.1, 5, "S. 0:0(0) ack 1 <...>");
        return failed("scripts/open/silent.pkt", b.build(), 5, "expected an outbound packet but none was sent");
    }

    static RunResult passed(String path, List<TraceEntry> trace) {
        long last = trace.stream().mapToLong(TraceEntry::timeMicros).max().orElse(0);
        return new RunResult(path, "engine", new Verdict.Pass(), last, 3, trace, List.of());
    }

    static RunResult failed(String path, List<TraceEntry> trace, int line, String message) {
        long last = trace.stream().mapToLong(TraceEntry::timeMicros).max().orElse(0);
        RunFailure failure = RunFailure.of(SourceSpan.at(path, line, 1), message)
                .withSegments("F. 1:1(0) ack 1 <...>", Optional.of("R. 1:1(0) ack 1 win 0"));
        return new RunResult(path, "engine", new Verdict.Fail(failure), last, 2, trace, List.of());
    }
}
