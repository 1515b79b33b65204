package dev.jdrill.engine;

/** The integer-valued socket options the engine models, with their level. */
public enum SocketOption {
    SO_REUSEADDR(Level.SOCKET),
    SO_KEEPALIVE(Level.SOCKET),
    SO_ERROR(Level.SOCKET),
    SO_RCVBUF(Level.SOCKET),
    SO_SNDBUF(Level.SOCKET),
    SO_TYPE(Level.SOCKET),
    /** l_linger when on, else -1 in {@code getsockopt}; set through {@link TcpStack#setLinger}. */
    SO_LINGER(Level.SOCKET),
    /** Allows MSG_ZEROCOPY sends, whose completions arrive on the error queue (see {@link ZeroCopy}). */
    SO_ZEROCOPY(Level.SOCKET),
    TCP_NODELAY(Level.TCP),
    TCP_MAXSEG(Level.TCP),
    TCP_KEEPIDLE(Level.TCP),
    TCP_KEEPINTVL(Level.TCP),
    TCP_KEEPCNT(Level.TCP),
    TCP_USER_TIMEOUT(Level.TCP),
    TCP_SYNCNT(Level.TCP),
    TCP_LINGER2(Level.TCP),
    TCP_FASTOPEN_CONNECT(Level.TCP),
    /** The listener's Fast Open queue length (fastopen_queue_tune). */
    TCP_FASTOPEN(Level.TCP),
    /** SO_MARK: accepted and remembered; no policy routing in the engine for it to select. */
    SO_MARK(Level.SOCKET),
    /** TCP_CORK: hold partial segments until uncorked (or the 200 ms probe). */
    TCP_CORK(Level.TCP),
    /** TCP_INQ: a TCP_CM_INQ control message on every recvmsg. */
    TCP_INQ(Level.TCP),
    /** TCP_NOTSENT_LOWAT: writable only while fewer unsent bytes than this are queued (0 = the sysctl). */
    TCP_NOTSENT_LOWAT(Level.TCP),
    /** SO_TIMESTAMPING: TX timestamps (SCHED, SND, ACK) on the error queue; see Timestamping. */
    SO_TIMESTAMPING(Level.SOCKET);

    public enum Level { SOCKET, TCP }

    private final Level level;

    SocketOption(Level level) {
        this.level = level;
    }

    public Level level() {
        return level;
    }

    /** By the C name, e.g. {@code "TCP_NODELAY"}. */
    public static java.util.Optional<SocketOption> byName(String name) {
        for (SocketOption o : values()) {
            if (o.name().equals(name)) {
                return java.util.Optional.of(o);
            }
        }
        return java.util.Optional.empty();
    }
}
