package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import java.util.Iterator;

/**
 * tcp_retrans_try_collapse (tcp_retrans_collapse = 1, the default): before a retransmission, a
 * segment shorter than the MSS and the window swallows the sent segments after it, for as long as
 * they fit; their flags go with them. So a lost 10-byte write and the FIN sent after it are
 * retransmitted as one FP. 1:11(10) (verified on 6.18, FIN_WAIT1 after close()).
 */
final class RetransCollapse {
    private RetransCollapse() {
    }

    /** __tcp_retransmit_skb's call: {@code head} is about to be resent. */
    static void beforeRetransmit(Tcb t, Tcb.Skb head) {
        if (head.syn) {
            return;
        }
        long availWnd = SeqNum.diff(SeqNum.add(t.sndUna, t.sndWnd), head.seq);
        long space = Math.min(availWnd, Math.max(1, t.mssCache));
        if (head.len >= space) {
            return;
        }
        space -= head.len; // what is left of min(window, MSS) for the segments that follow
        long windowEnd = SeqNum.add(t.sndUna, t.sndWnd);
        Iterator<Tcb.Skb> it = t.sendQueue.iterator();
        while (it.hasNext() && it.next() != head) {
            // walk to head
        }
        while (it.hasNext()) {
            Tcb.Skb next = it.next();
            if (!next.sent || next.syn) {
                break; // only the retransmission queue collapses
            }
            space -= next.len;
            if (space < 0 || SeqNum.gt(next.endSeq(), windowEnd)) {
                break;
            }
            // tcp_collapse_retrans: next's bytes and flags join head.
            head.len += next.len;
            head.fin |= next.fin;
            head.psh |= next.psh;
            head.everRetransmitted |= next.everRetransmitted;
            it.remove();
        }
    }
}
