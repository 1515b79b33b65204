package dev.jdrill.engine;

import dev.jdrill.wire.Errno;
import dev.jdrill.wire.TcpState;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One socket: Linux's struct tcp_sock with its inet_connection_sock and sock parts folded together.
 * A listener, a request (SYN_RECV), a connection and a TIME_WAIT remnant are all a Tcb in different
 * states. Plain mutable fields, package-private: the behaviour lives in the per-concern classes
 * ({@link Handshake}, {@link Sender}, {@link Receiver}, {@link Closer}, {@link Timers},
 * {@link Keepalive}), which mutate a Tcb as the kernel's functions mutate a tcp_sock.
 */
final class Tcb {
    /** One skb of the write / retransmission queue: a run of sequence space sent as one segment. */
    static final class Skb {
        long seq;
        int len;
        boolean syn;
        boolean fin;
        boolean psh;
        boolean sent;
        boolean everRetransmitted;
        /** MSG_EOR ended a send here (TCP_SKB_CB->eor): nothing is appended or coalesced after it. */
        boolean eor;
        /** Page frags in use (skb_shinfo->nr_frags): a zerocopy send pins one per iovec element. */
        int frags;
        /** The last frag is pinned user memory, so a copy cannot extend it. */
        boolean lastFragPinned;
        /** TCPCB_LOST: marked lost (by RACK, NewReno dupacks or an RTO); counts in lost_out. */
        boolean lostMarked;
        /** TCPCB_SACKED_ACKED: the peer SACKed it; counts in sacked_out. */
        boolean sacked;
        /** TCPCB_SACKED_RETRANS: retransmitted and that retransmission still in flight; counts in retrans_out. */
        boolean retransInFlight;
        /** The last skb of one write (tcp_mark_push's skb): a retransmission of it alone keeps PSH (tcp_fragment moves PSH to the tail). */
        boolean pushEnd;
        /** When this skb last went out (tcp_skb_timestamp_us). */
        long sentMicros;

        Skb(long seq, int len) {
            this.seq = seq;
            this.len = len;
        }

        long seqLen() {
            return len + (syn ? 1 : 0) + (fin ? 1 : 0);
        }

        long endSeq() {
            return dev.jdrill.wire.SeqNum.add(seq, seqLen());
        }
    }

    final TcpStack stack;
    /** Creation order: the tie-breaker that keeps timer firing deterministic. */
    final long id;
    final int family;
    TcpState state = TcpState.CLOSED;

    // --- addressing ---
    InetAddress localAddress;
    int localPort;
    InetAddress remoteAddress;
    int remotePort;
    boolean bound;

    // --- file / socket layer ---
    int fd = -1;
    boolean nonBlocking;
    /** Closed by the application but still alive in the protocol (SOCK_DEAD). */
    boolean orphan;
    boolean hasConnected;
    boolean connectInProgress;
    /** sk_err: reported once, by the next call that looks (SO_ERROR, read, write, connect). */
    Errno pendingError;
    /** Error that sticks after a reset or timeout (what read/write keep returning). */
    Errno terminalError;
    /** sk_err_soft: an error (ICMP) that only counts if the connection then times out. */
    Errno pendingSoftError;
    boolean rcvShutdown;
    boolean sndShutdown;

    // --- listener ---
    int backlog;
    final ArrayDeque<Tcb> acceptQueue = new ArrayDeque<>();
    final List<Tcb> requests = new ArrayList<>();
    Tcb listener;

    // --- socket options ---
    boolean reuseAddr;
    boolean keepaliveEnabled;
    boolean noDelay;
    /** TCP_CORK (TCP_NAGLE_CORK in tp->nonagle). */
    boolean cork;
    /** TCP_NAGLE_PUSH in tp->nonagle: set by TCP_NODELAY / uncorking, cleared by the next new skb. */
    boolean naglePush;
    /** sk_error_queue: zerocopy completions and TX timestamps. */
    final ErrorQueue errorQueue = new ErrorQueue();
    /** TCP_INQ: recvmsg reports the bytes left to read in a TCP_CM_INQ control message. */
    boolean inqCmsg;
    /** SO_MARK: remembered (the engine has no policy routing it could select). */
    long mark;
    /** SO_TIMESTAMPING: the tagged bytes whose TX timestamps are still to come. */
    final Timestamping timestamping = new Timestamping();
    /** tcp_info's busy / rwnd-limited / sndbuf-limited chronographs. */
    final Chrono chrono = new Chrono();
    /** MSG_ZEROCOPY ids and the sends waiting for their ACK. */
    final ZeroCopy zeroCopy = new ZeroCopy();
    boolean lingerOn;
    /** SO_ZEROCOPY (SOCK_ZEROCOPY): remembered and reported; sends still copy. */
    boolean zerocopy;
    int lingerSeconds;
    long rcvBuf;
    long sndBuf;
    int userMss;
    long userTimeoutMillis;
    int keepIdleSeconds;
    int keepIntvlSeconds;
    int keepCnt;
    int synCount;
    /** TCP_FASTOPEN_CONNECT; a connect() it deferred (inet DEFER_CONNECT); our SYN asks for a cookie. */
    boolean fastopenConnect;
    boolean deferConnect;
    boolean fastopenCookieRequest;
    /** Fast Open state: the listener's queue, a child's request, the client's SYN data. */
    final FastOpenState fastOpen = new FastOpenState();
    /** TCP_NOTSENT_LOWAT (tp->notsent_lowat, a u32): 0 = net.ipv4.tcp_notsent_lowat. */
    long notsentLowat;
    /** TCP_LINGER2: 0 = use tcp_fin_timeout, negative = no FIN_WAIT2 wait at all. */
    int linger2Seconds;

    // --- negotiated options ---
    boolean tsOk;
    boolean sackOk;
    boolean wscaleOk;
    int sndWscale;
    int rcvWscale;
    long tsRecent;
    long tsOffset;
    /** MSS the peer announced (rx_opt.mss_clamp); 536 when it announced none. */
    int peerMss = 536;
    int advMss;
    /** The payload size of a full segment we send (mss_cache): options already subtracted. */
    int mssCache;
    /** icsk_pmtu_cookie: the path MTU the last tcp_sync_mss used; 0 before the first. */
    int pmtuCookie;

    // --- send sequence space ---
    long iss;
    long sndUna;
    long sndNxt;
    /** The peer's window, already scaled. */
    long sndWnd;
    long sndWl1;
    long maxWindow;
    /** Bytes the application wrote that are not yet acknowledged (write + retransmission queue). */
    final ArrayDeque<Skb> sendQueue = new ArrayDeque<>();
    boolean finQueued;

    // --- ECN (tcp_sock.ecn_flags) ---
    /** TCP_ECN_OK: negotiated. */
    boolean ecnOk;
    /** Our SYN asked for ECN (tcp_ecn=1). */
    boolean ecnAsked;
    /** TCP_ECN_DEMAND_CWR: a CE arrived; echo ECE until the peer's CWR. */
    boolean ecnDemandCwr;
    /** TCP_ECN_QUEUE_CWR: set CWR on the next new data segment. */
    boolean ecnQueueCwr;
    /** TCP_ECN_SEEN: an ECT or CE segment arrived. */
    boolean ecnSeen;

    // --- congestion control (the algorithm's own state lives in cc; see CongestionControl) ---
    long cwnd = 10;
    long ssthresh = Integer.MAX_VALUE;
    CongestionState caState = CongestionState.OPEN;
    CongestionControl cc;
    /** TCP_CONGESTION chose cc (icsk_ca_setsockopt): children of a listener keep it. */
    boolean ccSetByUser;
    /** snd_cwnd_clamp. */
    long cwndClamp = Integer.MAX_VALUE;
    /** tcp_cwnd_validate's bookkeeping: is_cwnd_limited, max_packets_out, cwnd_usage_seq, snd_cwnd_used, snd_cwnd_stamp. */
    boolean isCwndLimited;
    long maxPacketsOut;
    long cwndUsageSeq;
    long cwndUsed;
    long cwndStampMicros;
    long highSeq;

    // --- loss recovery (tcp_input.c / tcp_recovery.c state) ---
    /** tp->reordering: the degree of reordering seen, in packets (starts at tcp_reordering). */
    long reordering = 3;
    /** reord_seen: how many times reordering was detected. */
    long reordSeen;
    /** prior_ssthresh, prior_cwnd: what undo restores. */
    long priorSsthresh;
    long priorCwnd;
    /** undo_marker (−1: none) and undo_retrans (−1: nothing retransmitted yet). */
    long undoMarker = -1;
    long undoRetrans;
    /** F-RTO (RFC 5682) in progress after an RTO. */
    boolean frto;
    /** Non-SACK connections count duplicate ACKs as sacked_out (tcp_add_reno_sack). */
    long renoSackedOut;
    long dsackDups;
    /** PRR (RFC 6937): prr_delivered, prr_out. */
    long prrDelivered;
    long prrOut;
    /** RACK-TLP's state (tcp_sock.rack) and the windowed min RTT (tcp_min_rtt), µs; −1 = no sample. */
    final Rack rack = new Rack();
    long minRttUs = -1;
    long tlpHighSeq = -1;
    /** The loss probe was a retransmission (tlp_retrans), not new data. */
    boolean tlpRetrans;
    /** The TS ecr of the ACK being processed (rx_opt.rcv_tsecr), 0 when it had none. */
    long lastAckTsEcr;
    long lastSendMicros = -1;
    /** Appropriate-byte-counting accumulator for congestion avoidance. */
    long cwndCount;
    /** End of the last small (sub-MSS) segment sent: Minshall's snd_sml. */
    long smallSegmentEnd = -1;

    // --- RTT / RTO (tcp_rtt_estimator's fixed-point fields) ---
    long srttUs8;
    long mdevUs;
    long mdevMaxUs;
    long rttvarUs;
    long rttSeq;
    long rtoMicros = 1_000_000;
    int backoff;
    int retransmits;
    int totalRto;
    int totalRetrans;
    long retransStampMicros = -1;
    int probesOut;
    long bytesRetrans;
    long lostOut;

    // --- receive sequence space ---
    long irs;
    long rcvNxt;
    long rcvWup;
    long rcvWnd;
    long rcvSsthresh;
    long windowClamp;
    /** tcp_sock.scaling_ratio: payload per 256 bytes of receive buffer, learned from segment truesize. */
    int scalingRatio = Windows.DEFAULT_SCALING_RATIO;
    long copiedSeq;
    long unreadBytes;
    /** sk_rmem_alloc: the truesize of the queued unread skbs, which is what the window is computed from. */
    long rmemAlloc;
    boolean finReceived;
    /** Out-of-order data: start seq offset (relative to irs) → end offset. */
    final TreeMap<Long, Long> outOfOrder = new TreeMap<>();
    /** A D-SACK block to report once (tcp_dsack_set): absolute start, or -1 for none. */
    long dsackStart = -1;
    long dsackEnd;

    // --- ACK scheduling (icsk_ack) ---
    boolean ackScheduled;
    boolean ackNow;
    boolean ackPushed;
    int quickAcks;
    int pingpong;
    long atoMicros;
    long lastRecvMicros;
    int rcvMss;
    long lastOutOfWindowAckMicros = -1_000_000_000L;
    long challengeAckCount;
    long challengeAckWindowStart = -1;

    // --- keepalive / activity ---
    long lastAckRecvMicros;
    long lastDataRecvMicros;
    long lastDataSentMicros;

    // --- counters for tcp_info ---
    long segsOut;
    long segsIn;
    long dataSegsOut;
    long dataSegsIn;
    long bytesAcked;
    long bytesReceived;
    long bytesSent;
    long delivered;

    // --- timers (the three slots; null = not armed) ---
    Timer transmitTimer;
    Timer delayedAckTimer;
    Timer socketTimer;

    /** Request sockets: SYN-ACK retransmissions so far (req->num_timeout). */
    int synAckRetransmits;
    /** A timewait-style remnant (TIME_WAIT, or FIN_WAIT2 after the app left): only answers, never sends data. */
    boolean timewaitSock;
    /** tw_rcv_wnd: the receive window (tcp_receive_window) frozen when the timewait sock was made. */
    long twRcvWnd;
    /** icsk_probes_tstamp: when the current run of probe-timer firings began; -1 when none. */
    long probesStampMicros = -1;
    /**
     * The application still holds an fd on a connection that went to TIME_WAIT: tcp_time_wait moved
     * the connection into a timewait mini-socket and tcp_done closed the full socket, so the fd sees
     * TCP_CLOSE while the 4-tuple is in TIME_WAIT (verified on 6.18: tcpi_state == TCP_CLOSE).
     */
    boolean fdSeesClose;

    Tcb(TcpStack stack, long id, int family) {
        this.stack = stack;
        this.id = id;
        this.family = family;
        this.reordering = stack.tunables().tcpReordering;
        this.cc = CongestionControl.named(stack.tunables().tcpCongestionControl).orElseGet(Cubic::new);
    }

    /** The state the fd's socket reports (getsockopt TCP_INFO, sock_diag by inode). */
    TcpState fdState() {
        return fdSeesClose ? TcpState.CLOSED : state;
    }

    boolean isListener() {
        return state == TcpState.LISTEN;
    }

    boolean hasTuple() {
        return remoteAddress != null && state != TcpState.CLOSED && state != TcpState.LISTEN;
    }

    Endpoint local() {
        return new Endpoint(localAddress, localPort);
    }

    Endpoint remote() {
        return new Endpoint(remoteAddress, remotePort);
    }

    /** packets_out: skbs sent and not cumulatively acknowledged. */
    long inFlightSegments() {
        long n = 0;
        for (Skb s : sendQueue) {
            if (s.sent) {
                n++;
            }
        }
        return n;
    }

    long unsentBytes() {
        long n = 0;
        for (Skb s : sendQueue) {
            if (!s.sent) {
                n += s.len;
            }
        }
        return n;
    }

    /**
     * Cuts every sent skb longer than the current MSS into MSS-sized pieces (the engine's skbs stand
     * for one segment each; a SYN's data was queued under the larger MSS of the SYN). PSH, the end of
     * a write, FIN and EOR stay on the last piece. Returns the send queue.
     */
    static java.util.ArrayDeque<Skb> splitToMss(Tcb t) {
        int mss = Math.max(1, t.mssCache);
        java.util.ArrayDeque<Skb> out = new java.util.ArrayDeque<>();
        for (Skb s : t.sendQueue) {
            while (s.sent && !s.syn && s.len > mss) {
                Skb head = new Skb(s.seq, mss);
                head.sent = true;
                head.sentMicros = s.sentMicros;
                head.everRetransmitted = s.everRetransmitted;
                head.frags = 1;
                out.add(head);
                s.seq = dev.jdrill.wire.SeqNum.add(s.seq, mss);
                s.len -= mss;
            }
            out.add(s);
        }
        t.sendQueue.clear();
        t.sendQueue.addAll(out);
        return t.sendQueue;
    }

    long queuedBytes() {
        long n = 0;
        for (Skb s : sendQueue) {
            n += s.len;
        }
        return n;
    }

    Skb firstUnsent() {
        for (Skb s : sendQueue) {
            if (!s.sent) {
                return s;
            }
        }
        return null;
    }
}
