package dev.jdrill.engine;

import dev.jdrill.wire.TcpOption;
import dev.jdrill.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TCP options in exactly the order and padding Linux writes them (tcp_options_write), and the parsing
 * of a peer's SYN options (tcp_parse_options).
 */
final class Options {
    private Options() {
    }

    static final int TS_ALIGNED = 12;

    /** What the peer's SYN or SYN-ACK offered. */
    record Offered(int mss, boolean sackPermitted, boolean timestamps, long tsVal, int wscale) {
        /** {@code wscale} is -1 when the peer sent no window-scale option. */
        static Offered of(TcpSegment s) {
            int mss = s.option(TcpOption.MaxSegmentSize.class).map(TcpOption.MaxSegmentSize::mss).orElse(0);
            boolean sack = s.option(TcpOption.SackPermitted.class).isPresent();
            var ts = s.option(TcpOption.Timestamp.class);
            // Linux caps a peer's window scale at 14 (RFC 7323 §2.3), logging the bogus value.
            int ws = s.option(TcpOption.WindowScale.class).map(w -> Math.min(w.shift(), 14)).orElse(-1);
            return new Offered(mss, sack, ts.isPresent(), ts.map(TcpOption.Timestamp::val).orElse(0L), ws);
        }
    }

    /**
     * SYN or SYN-ACK options: {@code mss, sackOK+TS | nop,nop,TS | nop,nop,sackOK, nop,wscale}
     * as tcp_options_write lays them out (sackOK shares the TS word when both are present).
     */
    static List<TcpOption> synOptions(int mss, boolean sack, boolean ts, long tsVal, long tsEcr, boolean wscale, int rcvWscale) {
        List<TcpOption> o = new ArrayList<>(8);
        o.add(new TcpOption.MaxSegmentSize(mss));
        if (ts) {
            if (sack) {
                o.add(new TcpOption.SackPermitted());
            } else {
                o.add(new TcpOption.Nop());
                o.add(new TcpOption.Nop());
            }
            o.add(new TcpOption.Timestamp(tsVal & 0xffff_ffffL, tsEcr & 0xffff_ffffL));
        } else if (sack) {
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.SackPermitted());
        }
        if (wscale) {
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.WindowScale(rcvWscale));
        }
        return o;
    }

    /** Options of a non-SYN segment: {@code nop,nop,TS} then {@code nop,nop,sack ...} (at most 3 blocks with TS). */
    static List<TcpOption> established(Tcb t, long nowMicros) {
        List<TcpOption> o = new ArrayList<>(6);
        if (t.tsOk) {
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Timestamp(tsVal(t, nowMicros), t.tsRecent));
        }
        if (t.sackOk && (!t.outOfOrder.isEmpty() || t.dsackStart >= 0)) {
            List<TcpOption.SackBlock> blocks = new ArrayList<>();
            int max = t.tsOk ? 3 : 4;
            if (t.dsackStart >= 0) {
                // RFC 2883: the D-SACK block goes first, and only once (tcp_established_options).
                blocks.add(new TcpOption.SackBlock(t.dsackStart, t.dsackEnd));
                t.dsackStart = -1;
            }
            // tcp_build_sack: the most recently changed block first; we keep it simple and list
            // blocks from the highest sequence down, which is what a growing tail produces.
            for (Map.Entry<Long, Long> e : t.outOfOrder.descendingMap().entrySet()) {
                if (blocks.size() == max) {
                    break;
                }
                blocks.add(new TcpOption.SackBlock(dev.jdrill.wire.SeqNum.add(t.irs, e.getKey()),
                        dev.jdrill.wire.SeqNum.add(t.irs, e.getValue())));
            }
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Nop());
            o.add(new TcpOption.Sack(blocks));
        }
        return o;
    }

    /** tcp_time_stamp_ts(): a millisecond clock plus the per-connection offset (secure_tcp_ts_off). */
    static long tsVal(Tcb t, long nowMicros) {
        return (nowMicros / 1000 + t.tsOffset) & 0xffff_ffffL;
    }

    /**
     * Receive window scale Linux picks (tcp_select_initial_window): enough to cover the largest
     * buffer the socket could grow to, tcp_rmem[2] or rmem_max.
     */
    static int initialRcvWscale(Tcb t) {
        long space = Math.max(t.stack.tunables().tcpRmem[2], t.stack.tunables().coreRmemMax);
        space = Math.max(space, Windows.fullSpace(t));
        if (t.rcvBuf > 0) {
            // SO_RCVBUF locks the buffer, and the window clamp with it (tcp_openreq_init_rwin).
            space = Math.min(space, Windows.fullSpace(t));
        }
        int ilog = 63 - Long.numberOfLeadingZeros(space);
        return Math.clamp(ilog - 15, 0, 14);
    }
}
