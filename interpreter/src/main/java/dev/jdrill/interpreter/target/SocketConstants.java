package dev.jdrill.interpreter.target;

/**
 * Linux x86-64 values of the socket API's constants, as the C headers define them. Both targets
 * interpret {@link SocketCall} arguments with these; the interpreter resolves script names to them.
 */
public final class SocketConstants {
    private SocketConstants() {
    }

    // <sys/socket.h>
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int PF_INET = AF_INET;
    public static final int PF_INET6 = AF_INET6;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_IP = 0;
    public static final int SOL_IPV6 = 41;
    public static final int SOL_TCP = 6;
    public static final int SOL_UDP = 17;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    // SOL_SOCKET options
    public static final int SO_DEBUG = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_OOBINLINE = 10;
    public static final int SO_NO_CHECK = 11;
    public static final int SO_PRIORITY = 12;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_TIMESTAMP = 29;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_MARK = 36;
    public static final int SO_TIMESTAMPNS = 35;
    public static final int SO_TIMESTAMPING = 37;
    public static final int SO_RXQ_OVFL = 40;
    public static final int SO_PEEK_OFF = 42;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_MAX_PACING_RATE = 47;
    public static final int SO_INCOMING_CPU = 49;
    public static final int SO_ZEROCOPY = 60;
    public static final int SO_TXTIME = 61;

    // SOL_TCP options
    public static final int TCP_NODELAY = 1;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_SYNCNT = 7;
    public static final int TCP_LINGER2 = 8;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int TCP_WINDOW_CLAMP = 10;
    public static final int TCP_INFO = 11;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_CONGESTION = 13;
    public static final int TCP_MD5SIG = 14;
    public static final int TCP_THIN_LINEAR_TIMEOUTS = 16;
    public static final int TCP_THIN_DUPACK = 17;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_REPAIR = 19;
    public static final int TCP_REPAIR_QUEUE = 20;
    public static final int TCP_QUEUE_SEQ = 21;
    public static final int TCP_REPAIR_OPTIONS = 22;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_TIMESTAMP = 24;
    public static final int TCP_NOTSENT_LOWAT = 25;
    public static final int TCP_CC_INFO = 26;
    public static final int TCP_SAVE_SYN = 27;
    public static final int TCP_SAVED_SYN = 28;
    public static final int TCP_REPAIR_WINDOW = 29;
    public static final int TCP_FASTOPEN_CONNECT = 30;
    public static final int TCP_ULP = 31;
    public static final int TCP_MD5SIG_EXT = 32;
    public static final int TCP_FASTOPEN_KEY = 33;
    public static final int TCP_FASTOPEN_NO_COOKIE = 34;
    public static final int TCP_ZEROCOPY_RECEIVE = 35;
    public static final int TCP_INQ = 36;
    public static final int TCP_TX_DELAY = 37;

    // <fcntl.h>
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int FD_CLOEXEC = 1;

    // send/recv flags
    public static final int MSG_OOB = 0x1;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTROUTE = 0x4;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_EOR = 0x80;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_FASTOPEN = 0x20000000;
    public static final int MSG_ZEROCOPY = 0x4000000;

    // <poll.h>
    public static final int POLLIN = 0x001;
    public static final int POLLPRI = 0x002;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;
    public static final int POLLRDNORM = 0x040;
    public static final int POLLRDBAND = 0x080;
    public static final int POLLWRNORM = 0x100;
    public static final int POLLWRBAND = 0x200;
    public static final int POLLMSG = 0x400;
    public static final int POLLRDHUP = 0x2000;

    // <sys/epoll.h>
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDNORM = 0x040;
    public static final int EPOLLRDBAND = 0x080;
    public static final int EPOLLWRNORM = 0x100;
    public static final int EPOLLWRBAND = 0x200;
    public static final int EPOLLMSG = 0x400;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    // ioctls
    public static final int SIOCINQ = 0x541B;
    public static final int SIOCOUTQ = 0x5411;
    public static final int FIONREAD = 0x541B;
    public static final int SIOCOUTQNSD = 0x894B;
}
