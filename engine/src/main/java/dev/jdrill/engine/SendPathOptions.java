package dev.jdrill.engine;

/** Read-side hints of the send/receive API that live nowhere else (tcp_inq_hint). */
final class SendPathOptions {
    private SendPathOptions() {
    }

    /**
     * tcp_inq_hint: rcv_nxt - copied_seq, so a received FIN counts one; 1 when nothing is left after
     * the connection is done (SOCK_DONE), so a reader knows to read on and see the EOF.
     */
    static long inqHint(Tcb t) {
        long inq = t.unreadBytes + (t.finReceived ? 1 : 0);
        if (inq == 0 && (t.rcvShutdown || t.state == dev.jdrill.wire.TcpState.CLOSED)) {
            inq = 1;
        }
        return inq;
    }
}
