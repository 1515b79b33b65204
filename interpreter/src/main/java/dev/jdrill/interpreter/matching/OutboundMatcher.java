package dev.jdrill.interpreter.matching;

import dev.jdrill.grammar.ast.IpInfo;
import dev.jdrill.grammar.ast.SeqSpec;
import dev.jdrill.grammar.ast.TcpOptionsSpec;
import dev.jdrill.grammar.ast.TcpPacket;
import dev.jdrill.interpreter.connection.InboundSegmentBuilder;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.List;
import java.util.Optional;

/**
 * Checks a segment the stack sent against a {@code >} line (verify_tcp and
 * verify_outbound_live_tcp_options in packetdrill). The segment is already in script numbering. In
 * packetdrill form every field is checked but the window when omitted, options under {@code <...>} and
 * the TS val and ecr; in shorthand form only what the line states is checked.
 */
public final class OutboundMatcher {

    private OutboundMatcher() {
    }

    /**
     * packetdrill's TS val check (run_packet.c verify_outbound_tcp_option): with {@code --tcp_ts_tick_usecs}
     * non-zero, the stack's TS val (in script space: offset by the first pair of the connection) may differ
     * from the script's by at most {@code toleranceUsecs} worth of ticks, where the tolerance is the larger of
     * {@code --tolerance_usecs} and {@code --tolerance_percent} of the time since the script started.
     *
     * @param tickUsecs 0: TS val is not checked (packetdrill's default)
     */
    public record TsValCheck(int tickUsecs, long toleranceUsecs) {
        public static final TsValCheck OFF = new TsValCheck(0, 0);
    }

    public static Optional<SegmentMismatch> mismatch(TcpPacket line, IpPacket actualPacket, TcpSegment actual) {
        return mismatch(line, actualPacket, actual, TsValCheck.OFF);
    }

    public static Optional<SegmentMismatch> mismatch(TcpPacket line, IpPacket actualPacket, TcpSegment actual,
            TsValCheck tsVal) {
        TcpFlags expectedFlags = new TcpFlags(line.flags().bits());
        if (expectedFlags.bits() != actual.flags().bits()) {
            return Optional.of(new SegmentMismatch("tcp flags", expectedFlags.toScript(), actual.flags().toScript(),
                    "the stack sent " + SegmentWords.describe(actual.flags(), actual.payload().length())
                            + " where the script expected " + SegmentWords.describe(expectedFlags, (int) expectedLength(line))));
        }
        if (line.seq().isPresent()) {
            long start = switch (line.seq().get()) {
                case SeqSpec.Full f -> f.start();
                case SeqSpec.Short s -> s.start();
            };
            long length = expectedLength(line);
            if (SeqNum.diff(actual.seq(), start & 0xffff_ffffL) != 0) {
                return Optional.of(new SegmentMismatch("tcp_seq", Long.toString(start & 0xffff_ffffL),
                        Long.toString(actual.seq()), "the stack sent sequence number " + actual.seq()
                        + " where the script expected " + (start & 0xffff_ffffL) + seqHint(actual.seq(), start)));
            }
            if (length != actual.payload().length()) {
                return Optional.of(new SegmentMismatch("payload length", Long.toString(length),
                        Integer.toString(actual.payload().length()), "the stack sent " + actual.payload().length()
                        + " bytes of data where the script expected " + length));
            }
        }
        if (line.ack().isPresent() && SeqNum.diff(actual.ack(), line.ack().get() & 0xffff_ffffL) != 0) {
            return Optional.of(new SegmentMismatch("tcp_ack_seq", Long.toString(line.ack().get()),
                    Long.toString(actual.ack()), "the stack acknowledged up to " + actual.ack()
                    + " where the script expected it to acknowledge up to " + line.ack().get()));
        }
        if (line.window().isPresent() && line.window().get() != actual.window()) {
            return Optional.of(new SegmentMismatch("tcp_window", Long.toString(line.window().get()),
                    Integer.toString(actual.window()), "the stack advertised a window of " + actual.window()
                    + " where the script expected " + line.window().get()));
        }
        if (line.urgentPointer().isPresent() && line.urgentPointer().get() != actual.urgentPointer()) {
            return Optional.of(new SegmentMismatch("tcp_urg_ptr", Long.toString(line.urgentPointer().get()),
                    Integer.toString(actual.urgentPointer()), "the urgent pointer differs"));
        }
        Optional<SegmentMismatch> options = optionsMismatch(line, actual, tsVal);
        if (options.isPresent()) {
            return options;
        }
        return ecnMismatch(line, actualPacket);
    }

    static long expectedLength(TcpPacket line) {
        return switch (line.seq().orElse(null)) {
            case SeqSpec.Full f -> f.length();
            case SeqSpec.Short s -> s.length().orElse(0L);
            case null -> 0L;
        };
    }

    private static String seqHint(long actual, long expected) {
        int d = SeqNum.diff(actual, expected & 0xffff_ffffL);
        return d < 0 ? " (it resent earlier data)" : " (it is " + d + " bytes ahead)";
    }

    private static Optional<SegmentMismatch> optionsMismatch(TcpPacket line, TcpSegment actual, TsValCheck tsVal) {
        TcpOptionsSpec spec = line.options();
        if (spec instanceof TcpOptionsSpec.AnyOptions) {
            return Optional.empty();
        }
        if (spec instanceof TcpOptionsSpec.Unspecified && line.isShorthand()) {
            return Optional.empty();
        }
        List<TcpOption> expected = InboundSegmentBuilder.options(spec);
        List<TcpOption> got = actual.options();
        boolean same = expected.size() == got.size();
        for (int i = 0; same && i < expected.size(); i++) {
            TcpOption e = expected.get(i);
            TcpOption a = got.get(i);
            if (e.kind() != a.kind()) {
                same = false;
            } else if (!(e instanceof TcpOption.Timestamp) && !e.equals(a)) {
                same = false;
            }
        }
        if (same) {
            return tsValMismatch(expected, got, tsVal);
        }
        String e = render(expected);
        String a = render(got);
        return Optional.of(new SegmentMismatch("tcp options", e, a,
                "the stack sent options " + a + " where the script expected " + e));
    }

    private static Optional<SegmentMismatch> tsValMismatch(List<TcpOption> expected, List<TcpOption> got,
            TsValCheck check) {
        if (check.tickUsecs() == 0) {
            return Optional.empty();
        }
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof TcpOption.Timestamp e && got.get(i) instanceof TcpOption.Timestamp a) {
                long ticks = Math.abs((long) (int) (a.val() - e.val()));
                if (ticks * check.tickUsecs() > check.toleranceUsecs()) {
                    return Optional.of(new SegmentMismatch("TS val", Long.toString(e.val()), Long.toString(a.val()),
                            "the stack's TS val is " + (long) (int) (a.val() - e.val()) + " ticks of "
                                    + check.tickUsecs() + " us from the script's, more than the tolerance of "
                                    + check.toleranceUsecs() + " us (bad outbound TCP timestamp value)"));
                }
            }
        }
        return Optional.empty();
    }

    private static String render(List<TcpOption> options) {
        StringBuilder sb = new StringBuilder("<");
        for (int i = 0; i < options.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(options.get(i).toScript());
        }
        return sb.append('>').toString();
    }

    private static Optional<SegmentMismatch> ecnMismatch(TcpPacket line, IpPacket actual) {
        if (line.ipInfo().isEmpty() || line.ipInfo().get().tos().isEmpty()) {
            return Optional.empty();
        }
        int ecn = actual.ecn();
        boolean ok = switch (line.ipInfo().get().tos().get()) {
            case IpInfo.TosSpec.Ecn e -> ecn == switch (e.codepoint()) {
                case NO_ECN -> 0;
                case ECT1 -> 1;
                case ECT0 -> 2;
                case CE -> 3;
            };
            case IpInfo.TosSpec.EitherEct e -> ecn == 1 || ecn == 2;
            case IpInfo.TosSpec.Tos t -> actual.trafficClass() == (t.value() & 0xff);
        };
        return ok ? Optional.empty() : Optional.of(new SegmentMismatch("ip ecn", line.ipInfo().get().tos().get().toString(),
                Integer.toString(ecn), "the IP ECN bits differ (actual codepoint " + ecn + ")"));
    }
}
