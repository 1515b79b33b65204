package dev.jdrill.engine;

import dev.jdrill.wire.TcpOption;
import java.util.ArrayDeque;

/** The Fast Open parts of a tcp_sock and of its listener's fastopen_queue ({@link FastOpen}, {@link FastOpenServer}). */
final class FastOpenState {
    /** The Fast Open option the next SYN or SYN-ACK carries, once (retransmissions carry none). */
    TcpOption synOption;

    // --- listener ---
    /** fastopenq.max_qlen (0: Fast Open off for this listener). */
    int maxQlen;
    /** Children whose handshake has not completed (fastopenq.qlen). */
    int qlen;
    /** When the requests of reset children leave the queue (fastopenq.rskq_rst_head). */
    final ArrayDeque<Long> resetRequestExpiries = new ArrayDeque<>();
    /** Its own keys (TCP_FASTOPEN_KEY), or null for net.ipv4.tcp_fastopen_key. */
    FastOpenKey[] keys;

    // --- server child ---
    /** tp->fastopen_rsk is set: the handshake has not completed. */
    boolean child;
    /** The listener that made it, whose queue it counts in. */
    Tcb listener;
    /** tcp_rsk(req)->rcv_nxt, the right edge of the SYN's data. */
    long requestRcvNxt;
    /** SYN-ACK timeouts so far (req->num_timeout). */
    int synAckTimeouts;
    long synAckSentMicros;

    // --- client ---
    /** tp->syn_fastopen: our SYN used Fast Open (a cookie, or a request for one). */
    boolean synFastopen;
    /** tp->syn_fastopen_exp: our SYN asked for a cookie with the experimental option. */
    boolean synExp;
    /** The SYN went out under tcp_fastopen 0x4 (TFO_CLIENT_NO_COOKIE): data without the option. */
    boolean noCookie;
    /** The connecting send was MSG_ZEROCOPY on an SO_ZEROCOPY socket: the SYN's data takes its id. */
    boolean synZerocopy;
    /** tp->syn_data: our SYN carried data. */
    boolean synData;
    /** Bytes of the pending send that went into the SYN (fastopen_req->copied). */
    int synDataCopied;
    /** A blocking send that connects waits for the handshake; it asked for this many bytes in all. */
    int blockedSendLength = -1;

    /** tp->syn_data_acked: the SYN's data was taken (TCPI_OPT_SYN_DATA), on either side. */
    boolean synDataAcked;
}
