package dev.jdrill.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TCP sockets of one namespace through NETLINK_SOCK_DIAG (inet_diag_req_v2 dumps), which, unlike
 * getsockopt, also sees sockets no fd refers to: orphans in FIN_WAIT1/2, CLOSING, LAST_ACK, and
 * TIME_WAIT. The netlink socket answers for the namespace it was created in, so {@link #open} must run
 * on a thread inside it. Namespaces here hold a handful of sockets, so a full dump filtered in Java is
 * as cheap as a kernel-side filter and much simpler.
 */
public final class SockDiag implements AutoCloseable {
    private static final int NLMSG_HEADER = 16;
    private static final int INET_DIAG_REQ_V2 = 56;
    private static final int INET_DIAG_MSG = 72;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment request = arena.allocate(NLMSG_HEADER + INET_DIAG_REQ_V2, 8);
    private final MemorySegment response = arena.allocate(RECEIVE_BUFFER, 8);
    private int sequence;
    private boolean closed;

    private SockDiag(int fd) {
        this.fd = fd;
    }

    /** A sock_diag socket for the namespace of the calling thread. */
    public static SockDiag open() throws LinuxException {
        int fd = (int) Syscalls.socket(KernelConstants.AF_NETLINK, KernelConstants.SOCK_DGRAM | KernelConstants.SOCK_CLOEXEC,
                KernelConstants.NETLINK_SOCK_DIAG).orThrow("socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
        return new SockDiag(fd);
    }

    /** Every TCP socket of both address families, in any state. */
    public synchronized List<DiagSocket> dumpTcp() throws LinuxException {
        List<DiagSocket> all = new ArrayList<>();
        dump(KernelConstants.AF_INET, all);
        dump(KernelConstants.AF_INET6, all);
        return all;
    }

    /**
     * The Linux state number of the connection with this 4-tuple, if one exists. IPv4-mapped IPv6
     * addresses compare equal to their IPv4 form, so an AF_INET6 socket talking IPv4 is found by either.
     */
    public Optional<DiagSocket> find(InetAddress local, int localPort, InetAddress remote, int remotePort)
            throws LinuxException {
        InetAddress l = SocketAddresses.unmapped(local);
        InetAddress r = SocketAddresses.unmapped(remote);
        for (DiagSocket s : dumpTcp()) {
            if (s.localPort() == localPort && s.remotePort() == remotePort
                    && SocketAddresses.unmapped(s.localAddress()).equals(l)
                    && SocketAddresses.unmapped(s.remoteAddress()).equals(r)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private void dump(int family, List<DiagSocket> into) throws LinuxException {
        if (closed) {
            throw new LinuxException("sock_diag socket is closed");
        }
        request.fill((byte) 0);
        int seq = ++sequence;
        request.set(ValueLayout.JAVA_INT, 0, NLMSG_HEADER + INET_DIAG_REQ_V2);
        request.set(ValueLayout.JAVA_SHORT, 4, (short) KernelConstants.SOCK_DIAG_BY_FAMILY);
        request.set(ValueLayout.JAVA_SHORT, 6, (short) (KernelConstants.NLM_F_REQUEST | KernelConstants.NLM_F_DUMP));
        request.set(ValueLayout.JAVA_INT, 8, seq);
        request.set(ValueLayout.JAVA_BYTE, NLMSG_HEADER, (byte) family);
        request.set(ValueLayout.JAVA_BYTE, NLMSG_HEADER + 1, (byte) KernelConstants.IPPROTO_TCP);
        request.set(ValueLayout.JAVA_INT, NLMSG_HEADER + 4, -1); // idiag_states: every state
        SyscallResult sent = Syscalls.send(fd, request, request.byteSize(), 0);
        if (sent.failed()) {
            throw new LinuxException("sock_diag request failed: " + Errnos.describe(sent.errno()));
        }
        while (true) {
            SyscallResult got = Syscalls.recv(fd, response, RECEIVE_BUFFER, 0);
            if (got.failed()) {
                if (got.errno() == KernelConstants.EINTR) {
                    continue;
                }
                throw new LinuxException("sock_diag receive failed: " + Errnos.describe(got.errno()));
            }
            int offset = 0;
            int end = (int) got.value();
            while (offset + NLMSG_HEADER <= end) {
                int length = response.get(ValueLayout.JAVA_INT, offset);
                int type = Short.toUnsignedInt(response.get(ValueLayout.JAVA_SHORT, offset + 4));
                int messageSeq = response.get(ValueLayout.JAVA_INT, offset + 8);
                if (length < NLMSG_HEADER || offset + length > end) {
                    throw new LinuxException("sock_diag sent a malformed message");
                }
                if (messageSeq == seq) {
                    if (type == KernelConstants.NLMSG_DONE) {
                        return;
                    }
                    if (type == KernelConstants.NLMSG_ERROR) {
                        int error = -response.get(ValueLayout.JAVA_INT, offset + NLMSG_HEADER);
                        throw new LinuxException("sock_diag dump failed: " + Errnos.describe(error));
                    }
                    if (type == KernelConstants.SOCK_DIAG_BY_FAMILY && length >= NLMSG_HEADER + INET_DIAG_MSG) {
                        into.add(parse(offset + NLMSG_HEADER));
                    }
                }
                offset += (length + 3) & ~3;
            }
        }
    }

    private DiagSocket parse(int at) {
        int family = Byte.toUnsignedInt(response.get(ValueLayout.JAVA_BYTE, at));
        int state = Byte.toUnsignedInt(response.get(ValueLayout.JAVA_BYTE, at + 1));
        int sport = Short.toUnsignedInt(response.get(NET_SHORT, at + 4));
        int dport = Short.toUnsignedInt(response.get(NET_SHORT, at + 6));
        InetAddress src = address(family, at + 8);
        InetAddress dst = address(family, at + 24);
        long inode = Integer.toUnsignedLong(response.get(ValueLayout.JAVA_INT, at + 68));
        return new DiagSocket(family, state, src, sport, dst, dport, inode);
    }

    private InetAddress address(int family, int at) {
        int length = family == KernelConstants.AF_INET ? 4 : 16;
        byte[] raw = response.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
        try {
            return length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("fixed-length addresses are always valid", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(fd);
            arena.close();
        }
    }
}
