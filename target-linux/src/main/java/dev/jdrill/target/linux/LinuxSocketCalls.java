package dev.jdrill.target.linux;

import static dev.jdrill.target.linux.SocketValues.elements;
import static dev.jdrill.target.linux.SocketValues.fieldInt;
import static dev.jdrill.target.linux.SocketValues.integer;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.linux.SocketAddresses;
import dev.jdrill.linux.SyscallResult;
import dev.jdrill.linux.Syscalls;
import dev.jdrill.wire.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Script socket calls as real system calls, with packetdrill's argument conventions (run_system_call.c):
 * buffers are allocated at the stated length, {@code ...} addresses arrive filled in, and values the
 * kernel writes back (getsockopt's value, poll's revents) are reported as outputs by argument position.
 * Runs on the syscall thread inside the namespace. Socket options are in {@link SocketOptionCalls}.
 */
final class LinuxSocketCalls {
    static final Set<String> SUPPORTED = Set.of("socket", "bind", "listen", "accept", "accept4", "connect", "read",
            "readv", "recv", "recvfrom", "recvmsg", "write", "writev", "send", "sendto", "sendmsg", "close", "shutdown",
            "setsockopt", "getsockopt", "fcntl", "ioctl", "poll", "epoll_create", "epoll_create1", "epoll_ctl",
            "epoll_wait", "getsockname", "getpeername", "open", "pipe", "sendfile", "splice");

    private final boolean mapIpv4;
    private final LongSupplier nowMicros;
    private final Set<Integer> liveFds;
    /** The live fds that are sockets (socket, accept): shutdown(2) wakes a call sleeping on one. */
    private final Set<Integer> socketFds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param mapIpv4 give IPv4 addresses to sockets as ::ffff:a.b.c.d (ipv4-mapped-ipv6 mode)
     * @param liveFds fds the script holds, kept up to date so teardown can shut them down
     */
    LinuxSocketCalls(boolean mapIpv4, LongSupplier nowMicros, Set<Integer> liveFds) {
        this.mapIpv4 = mapIpv4;
        this.nowMicros = nowMicros;
        this.liveFds = liveFds;
    }

    CallOutcome run(SocketCall call) {
        try (Arena arena = Arena.ofConfined()) {
            List<SocketValue> outputs = new ArrayList<>();
            SyscallResult r = dispatch(call, arena, outputs);
            long at = nowMicros.getAsLong();
            track(call, r);
            if (r.failed()) {
                return new CallOutcome(r.value(), Errno.fromNumber(r.errno()), List.of(), at);
            }
            return new CallOutcome(r.value(), Optional.empty(), outputs, at);
        }
    }

    private void track(SocketCall call, SyscallResult r) {
        switch (call.name()) {
            case "socket", "accept", "accept4" -> {
                if (!r.failed()) {
                    liveFds.add(r.intValue());
                    socketFds.add(r.intValue());
                }
            }
            case "epoll_create", "epoll_create1", "open" -> {
                if (!r.failed()) {
                    liveFds.add(r.intValue());
                }
            }
            case "close" -> {
                if (!r.failed()) {
                    liveFds.remove(call.fd());
                    socketFds.remove(call.fd());
                }
            }
            default -> { }
        }
    }

    private SyscallResult dispatch(SocketCall c, Arena arena, List<SocketValue> out) {
        int fd = c.fd();
        return switch (c.name()) {
            case "socket" -> Syscalls.socket((int) integer(c.arg(0), 0), (int) integer(c.arg(1), 0), (int) integer(c.arg(2), 0));
            case "bind" -> withAddress(c, 1, 2, arena, (a, len) -> Syscalls.bind(fd, a, len));
            case "connect" -> {
                if (c.arg(1) instanceof SocketValue.Int family) {
                    // connect(fd, AF_UNSPEC, ...): packetdrill passes a zeroed sockaddr_storage of that family
                    // and its full size (run_syscall_connect); AF_UNSPEC disconnects the socket.
                    MemorySegment sa = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                    sa.set(ValueLayout.JAVA_SHORT, 0, (short) family.value());
                    yield Syscalls.connect(fd, sa, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                }
                yield withAddress(c, 1, 2, arena, (a, len) -> Syscalls.connect(fd, a, len));
            }
            case "listen" -> Syscalls.listen(fd, (int) integer(c.arg(1), 0));
            case "accept", "accept4" -> {
                MemorySegment address = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                yield Syscalls.accept4(fd, address, length, (int) integer(c.arg(3), 0));
            }
            case "getsockname", "getpeername" -> {
                MemorySegment address = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                SyscallResult r = c.name().equals("getsockname") ? Syscalls.getsockname(fd, address, length)
                        : Syscalls.getpeername(fd, address, length);
                int len = length.get(ValueLayout.JAVA_INT, 0);
                SocketAddresses.read(address, len).ifPresent(a -> setOutput(out, 1,
                        new SocketValue.Address(SocketAddresses.unmapped(a.getAddress()), a.getPort())));
                setOutput(out, 2, new SocketValue.Int(len));
                yield r;
            }
            case "read", "recv", "recvfrom" -> {
                long count = integer(c.arg(2), 0);
                MemorySegment buffer = c.arg(1) instanceof SocketValue.Int i && i.value() == 0 ? MemorySegment.NULL
                        : arena.allocate(Math.max(1, count), 8);
                int flags = (int) integer(c.arg(3), 0);
                yield c.name().equals("read") ? Syscalls.read(fd, buffer, count)
                        : c.name().equals("recv") ? Syscalls.recv(fd, buffer, count, flags)
                        : Syscalls.recvfrom(fd, buffer, count, flags, MemorySegment.NULL, MemorySegment.NULL);
            }
            case "write", "send" -> {
                long count = integer(c.arg(2), 0);
                MemorySegment buffer = payload(arena, c.arg(1), count);
                yield c.name().equals("write") ? Syscalls.write(fd, buffer, count)
                        : Syscalls.send(fd, buffer, count, (int) integer(c.arg(3), 0));
            }
            case "sendto" -> {
                long count = integer(c.arg(2), 0);
                MemorySegment buffer = payload(arena, c.arg(1), count);
                int flags = (int) integer(c.arg(3), 0);
                if (c.arg(4) instanceof SocketValue.Address) {
                    yield withAddress(c, 4, 5, arena, (a, len) -> Syscalls.sendto(fd, buffer, count, flags, a, len));
                }
                if (c.arg(4) instanceof SocketValue.Int family) {
                    // sendto(..., AF_UNSPEC, ...): packetdrill passes a zeroed sockaddr of that family.
                    int len = (int) integer(c.arg(5), mapIpv4 ? 28 : 16);
                    MemorySegment sa = arena.allocate(Math.max(len, 28), 8);
                    sa.set(ValueLayout.JAVA_SHORT, 0, (short) family.value());
                    yield Syscalls.sendto(fd, buffer, count, flags, sa, len);
                }
                yield Syscalls.sendto(fd, buffer, count, flags, MemorySegment.NULL, 0);
            }
            case "writev", "readv" -> {
                MemorySegment iov = iovecs(arena, c.arg(1));
                int n = (int) (iov.byteSize() / 16);
                yield c.name().equals("writev") ? Syscalls.writev(fd, iov, n) : readv(fd, iov, n);
            }
            case "sendmsg", "recvmsg" -> {
                MemorySegment msg = arena.allocate(56, 8);
                MemorySegment iov = iovecs(arena, SocketValues.field(c.arg(1), "msg_iov").orElse(SocketValue.UNSPECIFIED));
                msg.set(ValueLayout.ADDRESS, 16, iov);
                msg.set(ValueLayout.JAVA_LONG, 24, iov.byteSize() / 16);
                if (SocketValues.field(c.arg(1), "msg_name").orElse(SocketValue.UNSPECIFIED) instanceof SocketValue.Address a) {
                    MemorySegment name = SocketAddresses.allocate(arena, mapIpv4 ? SocketAddresses.mapped(a.address()) : a.address(),
                            a.port());
                    msg.set(ValueLayout.ADDRESS, 0, name);
                    msg.set(ValueLayout.JAVA_INT, 8, (int) name.byteSize());
                }
                int flags = (int) integer(c.arg(2), 0);
                yield c.name().equals("sendmsg") ? Syscalls.sendmsg(fd, msg, flags) : Syscalls.recvmsg(fd, msg, flags);
            }
            case "close" -> Syscalls.close(fd);
            case "shutdown" -> Syscalls.shutdown(fd, (int) integer(c.arg(1), 0));
            case "setsockopt" -> SocketOptionCalls.set(c, arena);
            case "getsockopt" -> SocketOptionCalls.get(c, arena, out);
            case "fcntl" -> Syscalls.fcntl(fd, (int) integer(c.arg(1), 0), integer(c.arg(2), 0));
            case "ioctl" -> {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
                value.set(ValueLayout.JAVA_INT, 0, (int) integer(c.arg(2), 0));
                SyscallResult r = Syscalls.ioctl(fd, integer(c.arg(1), 0), value);
                setOutput(out, 2, new SocketValue.Int(value.get(ValueLayout.JAVA_INT, 0)));
                yield r;
            }
            case "poll" -> poll(c, arena, out);
            case "epoll_create" -> integer(c.arg(0), 1) <= 0 ? new SyscallResult(-1, Errno.EINVAL.number())
                    : Syscalls.epollCreate1(0);
            case "epoll_create1" -> Syscalls.epollCreate1((int) integer(c.arg(0), 0));
            case "epoll_ctl" -> {
                MemorySegment event = arena.allocate(12, 4);
                event.set(ValueLayout.JAVA_INT, 0, (int) fieldInt(c.arg(3), "events", 0));
                event.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, epollData(c.arg(3)));
                yield Syscalls.epollCtl(fd, (int) integer(c.arg(1), 0), (int) integer(c.arg(2), -1),
                        c.arg(3) instanceof SocketValue.Struct ? event : MemorySegment.NULL);
            }
            case "epoll_wait" -> {
                int max = (int) integer(c.arg(2), 1);
                MemorySegment events = arena.allocate(12L * Math.max(1, max), 4);
                SyscallResult r = Syscalls.epollWait(fd, events, max, (int) integer(c.arg(3), -1));
                if (!r.failed()) {
                    List<SocketValue> ready = new ArrayList<>();
                    for (int i = 0; i < r.value(); i++) {
                        ready.add(new SocketValue.Struct(List.of(new SocketValue.Field("events",
                                new SocketValue.Int(Integer.toUnsignedLong(events.get(ValueLayout.JAVA_INT, 12L * i)))))));
                    }
                    setOutput(out, 1, new SocketValue.Array(ready));
                }
                yield r;
            }
            case "open" -> c.arg(0) instanceof SocketValue.Str path
                    ? Syscalls.open(path.value(), (int) integer(c.arg(1), 0))
                    : new SyscallResult(-1, Errno.EFAULT.number());
            case "pipe" -> {
                MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
                SyscallResult r = Syscalls.pipe2(fds, 0);
                if (!r.failed()) {
                    int read = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
                    int write = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
                    liveFds.add(read);
                    liveFds.add(write);
                    // The live pair, for the interpreter to bind the script's [r, w] to (not compared).
                    setOutput(out, 0, new SocketValue.Array(List.of(new SocketValue.Int(read), new SocketValue.Int(write))));
                }
                yield r;
            }
            case "sendfile" -> Syscalls.sendfile(fd, (int) integer(c.arg(1), -1), offset(arena, c.arg(2)), integer(c.arg(3), 0));
            case "splice" -> Syscalls.splice(fd, offset(arena, c.arg(1)), (int) integer(c.arg(2), -1), offset(arena, c.arg(3)),
                    integer(c.arg(4), 0), (int) integer(c.arg(5), 0));
            default -> throw new IllegalArgumentException("the linux target does not implement " + c.name() + "()");
        };
    }

    /** An {@code off_t*} argument: NULL, or {@code [N]} (packetdrill's pointer to a value). */
    private static MemorySegment offset(Arena arena, SocketValue v) {
        List<SocketValue> e = v instanceof SocketValue.Array a ? a.elements() : List.of();
        if (e.isEmpty()) {
            return MemorySegment.NULL;
        }
        MemorySegment p = arena.allocate(ValueLayout.JAVA_LONG);
        p.set(ValueLayout.JAVA_LONG, 0, integer(e.getFirst(), 0));
        return p;
    }

    private interface AddressCall {
        SyscallResult call(MemorySegment address, int length);
    }

    private SyscallResult withAddress(SocketCall c, int addressArg, int lengthArg, Arena arena, AddressCall f) {
        if (!(c.arg(addressArg) instanceof SocketValue.Address a)) {
            return f.call(MemorySegment.NULL, (int) integer(c.arg(lengthArg), 0));
        }
        InetAddress address = mapIpv4 ? SocketAddresses.mapped(a.address()) : a.address();
        MemorySegment s = SocketAddresses.allocate(arena, address, a.port());
        return f.call(s, (int) integer(c.arg(lengthArg), s.byteSize()));
    }

    /** {@code count} bytes for a write: zeros, as packetdrill sends, or a string's bytes when one is given. */
    private static MemorySegment payload(Arena arena, SocketValue data, long count) {
        if (data instanceof SocketValue.Int i && i.value() == 0) {
            return MemorySegment.NULL; // NULL: the kernel answers EFAULT, as the script expects
        }
        MemorySegment buffer = arena.allocate(Math.max(1, count), 8);
        if (data instanceof SocketValue.Str s) {
            byte[] b = s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment.copy(MemorySegment.ofArray(b), 0, buffer, 0, Math.min(b.length, count));
        }
        return buffer;
    }

    /** {@code [{iov_base=..., iov_len=N}, ...]} as struct iovec[], each with a buffer of its length. */
    private static MemorySegment iovecs(Arena arena, SocketValue iov) {
        List<SocketValue> entries = elements(iov);
        MemorySegment vec = arena.allocate(16L * Math.max(1, entries.size()), 8).asSlice(0, 16L * entries.size());
        for (int i = 0; i < entries.size(); i++) {
            long len = iovLength(entries.get(i));
            vec.set(ValueLayout.ADDRESS, 16L * i, arena.allocate(Math.max(1, len), 8));
            vec.set(ValueLayout.JAVA_LONG, 16L * i + 8, len);
        }
        return vec;
    }

    /** {@code {iov_base=..., iov_len=N}} or packetdrill's positional {@code {..., N}}. */
    private static long iovLength(SocketValue entry) {
        if (SocketValues.field(entry, "iov_len").isPresent()) {
            return fieldInt(entry, "iov_len", 0);
        }
        if (entry instanceof SocketValue.Struct s && s.fields().size() == 2) {
            return s.fields().get(1).value().asLong().orElse(0L);
        }
        return 0;
    }

    private static SyscallResult readv(int fd, MemorySegment iov, int n) {
        // No readv handle: a TCP read fills the iovecs in order, so one read of the total is equivalent
        // for the byte count the script checks.
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += iov.get(ValueLayout.JAVA_LONG, 16L * i + 8);
        }
        try (Arena a = Arena.ofConfined()) {
            return Syscalls.read(fd, a.allocate(Math.max(1, total)), total);
        }
    }

    private static SyscallResult poll(SocketCall c, Arena arena, List<SocketValue> out) {
        List<SocketValue> entries = elements(c.arg(0));
        MemorySegment fds = arena.allocate(8L * Math.max(1, entries.size()), 4);
        for (int i = 0; i < entries.size(); i++) {
            fds.set(ValueLayout.JAVA_INT, 8L * i, (int) fieldInt(entries.get(i), "fd", -1));
            fds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, (short) fieldInt(entries.get(i), "events", 0));
        }
        SyscallResult r = Syscalls.poll(fds, integer(c.arg(1), entries.size()), (int) integer(c.arg(2), -1));
        List<SocketValue> results = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            // No "fd" member: the script's fds are script numbers, these would be live ones.
            results.add(new SocketValue.Struct(List.of(
                    new SocketValue.Field("events", new SocketValue.Int(Short.toUnsignedInt(fds.get(ValueLayout.JAVA_SHORT, 8L * i + 4)))),
                    new SocketValue.Field("revents", new SocketValue.Int(Short.toUnsignedInt(fds.get(ValueLayout.JAVA_SHORT, 8L * i + 6)))))));
        }
        setOutput(out, 0, new SocketValue.Array(results));
        return r;
    }

    private static long epollData(SocketValue event) {
        for (String name : new String[] {"data", "u64", "u32", "fd", "ptr"}) {
            Optional<Long> v = SocketValues.field(event, name).flatMap(SocketValue::asLong);
            if (v.isPresent()) {
                return v.get();
            }
        }
        return 0;
    }

    static void setOutput(List<SocketValue> out, int position, SocketValue value) {
        while (out.size() <= position) {
            out.add(SocketValue.UNSPECIFIED);
        }
        out.set(position, value);
    }

    boolean isSocket(int fd) {
        return socketFds.contains(fd);
    }

    /**
     * Whether shutdown(2) on the script's sockets is sure to wake this call should it sleep: calls that
     * never sleep, and calls that can only sleep on a socket (or for a finite timeout).
     */
    boolean wakeable(SocketCall c) {
        return switch (c.name()) {
            case "socket", "epoll_create", "epoll_create1", "epoll_ctl", "fcntl", "ioctl", "close", "open", "pipe",
                    "getsockname", "getpeername", "setsockopt", "getsockopt", "bind", "listen", "shutdown" -> true;
            case "epoll_wait" -> integer(c.arg(3), -1) >= 0;
            case "poll" -> integer(c.arg(2), -1) >= 0
                    || elements(c.arg(0)).stream().allMatch(e -> isSocket((int) fieldInt(e, "fd", -1)));
            case "splice" -> false;
            default -> isSocket(c.fd());
        };
    }

    static boolean supports(String name) {
        return SUPPORTED.contains(name);
    }
}
