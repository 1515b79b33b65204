package dev.jdrill.engine;

import dev.jdrill.wire.SeqNum;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * SO_TIMESTAMPING's TX timestamps on a TCP socket (tcp_tx_timestamp, __skb_tstamp_tx, tcp_ack_tstamp):
 * the last byte of every write is tagged; when the segment holding it is first sent, SCM_TSTAMP_SCHED
 * (TX_SCHED) and SCM_TSTAMP_SND (TX_SOFTWARE) are queued on the error queue, and SCM_TSTAMP_ACK
 * (TX_ACK) when an ACK covers it. With OPT_ID, ee_data is the byte's offset from the key base
 * (snd_una when the option was set; write_seq with OPT_ID_TCP), so the n-th byte written is n - 1.
 * Each entry is an ENOMSG error of origin SO_EE_ORIGIN_TIMESTAMPING with ee_info = the SCM_TSTAMP kind.
 *
 * <p>Not modelled: hardware timestamps, OPT_TSONLY / OPT_STATS / OPT_CMSG payload variants, and
 * the separate sk_tskey counter without OPT_ID (ee_data is then 0 here as in Linux only by accident).
 */
final class Timestamping {
    static final int TX_HARDWARE = 1;
    static final int TX_SOFTWARE = 2;
    static final int OPT_ID = 128;
    static final int TX_SCHED = 256;
    static final int TX_ACK = 512;
    static final int OPT_ID_TCP = 65536;
    /** SOF_TIMESTAMPING_TX_RECORD_MASK: the flags that tag a write. */
    private static final int RECORD_MASK = TX_HARDWARE | TX_SOFTWARE | TX_SCHED;

    static final int SCM_TSTAMP_SND = 0;
    static final int SCM_TSTAMP_SCHED = 1;
    static final int SCM_TSTAMP_ACK = 2;
    private static final int ENOMSG = 42;

    /** A tagged byte: its sequence number and what is still to be reported for it. */
    private static final class Tag {
        final long seq;
        final int flags;
        boolean sent;

        Tag(long seq, int flags) {
            this.seq = seq;
            this.flags = flags;
        }
    }

    private int flags;
    private long keyBase;
    private final List<Tag> tags = new ArrayList<>();

    int flags() {
        return flags;
    }

    /** setsockopt(SO_TIMESTAMPING) (sock_set_timestamping): OPT_ID on TCP needs a connected socket. */
    SocketCallResult set(Tcb t, long value) {
        int v = (int) value;
        if ((v & OPT_ID) != 0 && (flags & OPT_ID) == 0) {
            if (t.state == dev.jdrill.wire.TcpState.CLOSED || t.state == dev.jdrill.wire.TcpState.LISTEN) {
                return SocketCallResult.fail(dev.jdrill.wire.Errno.EINVAL);
            }
            keyBase = (v & OPT_ID_TCP) != 0 ? Sender.writeSeq(t) : t.sndUna;
        }
        flags = v;
        return SocketCallResult.ok(0);
    }

    /** tcp_tx_timestamp at the end of a send: tag the last byte written. */
    void wrote(long endSeq) {
        int record = flags & (RECORD_MASK | TX_ACK);
        if ((flags & RECORD_MASK) != 0 || (flags & TX_ACK) != 0) {
            tags.add(new Tag(SeqNum.add(endSeq, -1), record));
        }
    }

    /** A first transmission of [seq, end): SCHED and SND for the tags in it. */
    void transmitted(Tcb t, long seq, long end, long now) {
        for (Tag tag : tags) {
            if (!tag.sent && SeqNum.ge(tag.seq, seq) && SeqNum.lt(tag.seq, end)) {
                tag.sent = true;
                if ((tag.flags & TX_SCHED) != 0) {
                    report(t, tag, SCM_TSTAMP_SCHED, now);
                }
                if ((tag.flags & TX_SOFTWARE) != 0) {
                    report(t, tag, SCM_TSTAMP_SND, now);
                }
            }
        }
    }

    /** tcp_ack_tstamp: the tags below the new snd_una are acknowledged. */
    void acked(Tcb t, long sndUna, long now) {
        tags.removeIf(tag -> {
            if (!SeqNum.lt(tag.seq, sndUna)) {
                return false;
            }
            if ((tag.flags & TX_ACK) != 0) {
                report(t, tag, SCM_TSTAMP_ACK, now);
            }
            return true;
        });
    }

    private void report(Tcb t, Tag tag, int kind, long now) {
        long key = (flags & OPT_ID) != 0 ? SeqNum.diff(tag.seq, keyBase) & 0xffffffffL : 0;
        t.errorQueue.add(new ExtendedError(ENOMSG, ExtendedError.ORIGIN_TIMESTAMPING, 0, 0, kind, key,
                OptionalLong.of(now)));
    }
}
