package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.SeqNum;
import dev.jdrill.wire.TcpState;

/**
 * The queue-length ioctls of a TCP socket (tcp_ioctl): all fail with EINVAL on a listener and
 * read 0 while the handshake is in progress (SYN_SENT, SYN_RECV).
 */
public enum QueueSize {
    /** SIOCINQ = FIONREAD: bytes readable now (tcp_inq: rcv_nxt - copied_seq, FIN not counted). */
    UNREAD,
    /** SIOCOUTQ: bytes written and not yet acknowledged (write_seq - snd_una, a queued FIN included). */
    UNACKED,
    /** SIOCOUTQNSD: bytes written and not yet sent (write_seq - snd_nxt). */
    UNSENT;

    SocketCallResult of(Tcb t) {
        if (t.state == TcpState.LISTEN) {
            return SocketCallResult.fail(Errno.EINVAL);
        }
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECV) {
            return SocketCallResult.ok(0);
        }
        long writeSeq = t.sndUna;
        for (Tcb.Skb s : t.sendQueue) {
            writeSeq = SeqNum.add(writeSeq, s.seqLen());
        }
        return SocketCallResult.ok(switch (this) {
            case UNREAD -> t.unreadBytes;
            case UNACKED -> SeqNum.diff(writeSeq, t.sndUna);
            case UNSENT -> Math.max(0, SeqNum.diff(writeSeq, t.sndNxt));
        });
    }
}
