package dev.jdrill.linux;

import java.net.InetAddress;

/**
 * One socket as sock_diag reports it. {@code state} uses Linux's numbering (1 ESTABLISHED ... 12
 * NEW_SYN_RECV; see {@link dev.jdrill.wire.TcpState#fromLinux}); {@code inode} is 0 for a socket no fd
 * refers to any more (an orphan, a TIME_WAIT socket, a request socket).
 */
public record DiagSocket(int family, int state, InetAddress localAddress, int localPort,
        InetAddress remoteAddress, int remotePort, long inode) {
}
