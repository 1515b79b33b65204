package dev.jdrill.target.linux;

import static dev.jdrill.target.linux.SocketValues.elements;
import static dev.jdrill.target.linux.SocketValues.fieldInt;
import static dev.jdrill.target.linux.SocketValues.integer;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.linux.SocketAddresses;
import dev.jdrill.linux.SocketStructs;
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
        if (r.failed()) {
            return;
        }
        switch (call) {
            case SocketCall.Socket s -> {
                liveFds.add(r.intValue());
                socketFds.add(r.intValue());
            }
            case SocketCall.Accept a -> {
                liveFds.add(r.intValue());
                socketFds.add(r.intValue());
            }
            case SocketCall.EpollCreate e -> liveFds.add(r.intValue());
            case SocketCall.Open o -> liveFds.add(r.intValue());
            case SocketCall.Close c -> {
                liveFds.remove(call.fd());
                socketFds.remove(call.fd());
            }
            default -> {
                // no other call creates or releases an fd (pipe's pair is tracked where it is made)
            }
        }
    }

    private SyscallResult dispatch(SocketCall c, Arena arena, List<SocketValue> out) {
        int fd = c.fd();
        return switch (c) {
            case SocketCall.Socket s -> Syscalls.socket(s.domain(), s.type(), s.protocol());
            case SocketCall.Bind b -> withAddress(c, 1, 2, arena, (a, len) -> Syscalls.bind(fd, a, len));
            case SocketCall.Connect k -> {
                if (k.address() instanceof SocketValue.Int family) {
                    // connect(fd, AF_UNSPEC, ...): packetdrill passes a zeroed sockaddr_storage of that family
                    // and its full size (run_syscall_connect); AF_UNSPEC disconnects the socket.
                    MemorySegment sa = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                    sa.set(ValueLayout.JAVA_SHORT, 0, (short) family.value());
                    yield Syscalls.connect(fd, sa, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                }
                yield withAddress(c, 1, 2, arena, (a, len) -> Syscalls.connect(fd, a, len));
            }
            case SocketCall.Listen l -> Syscalls.listen(fd, l.backlog());
            case SocketCall.Accept a -> {
                MemorySegment address = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                yield Syscalls.accept4(fd, address, length, a.flags());
            }
            case SocketCall.SocketName n -> {
                MemorySegment address = arena.allocate(SocketAddresses.SIZEOF_SOCKADDR_STORAGE, 8);
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, SocketAddresses.SIZEOF_SOCKADDR_STORAGE);
                SyscallResult r = n.peer() ? Syscalls.getpeername(fd, address, length)
                        : Syscalls.getsockname(fd, address, length);
                int len = length.get(ValueLayout.JAVA_INT, 0);
                SocketAddresses.read(address, len).ifPresent(a -> setOutput(out, 1,
                        new SocketValue.Address(SocketAddresses.unmapped(a.getAddress()), a.getPort())));
                setOutput(out, 2, new SocketValue.Int(len));
                yield r;
            }
            case SocketCall.Receive rc -> {
                long count = rc.count();
                MemorySegment buffer = rc.buffer() instanceof SocketValue.Int i && i.value() == 0 ? MemorySegment.NULL
                        : arena.allocate(Math.max(1, count), 8);
                int flags = (int) rc.flags();
                yield rc.plainRead() ? Syscalls.read(fd, buffer, count)
                        : rc.from() ? Syscalls.recvfrom(fd, buffer, count, flags, MemorySegment.NULL, MemorySegment.NULL)
                        : Syscalls.recv(fd, buffer, count, flags);
            }
            case SocketCall.Send sd when !sd.to() -> {
                long count = sd.count();
                MemorySegment buffer = payload(arena, sd.buffer(), count);
                yield sd.plainWrite() ? Syscalls.write(fd, buffer, count)
                        : Syscalls.send(fd, buffer, count, (int) sd.flags());
            }
            case SocketCall.Send sd -> {
                long count = sd.count();
                MemorySegment buffer = payload(arena, sd.buffer(), count);
                int flags = (int) sd.flags();
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
            case SocketCall.VectorIo v -> {
                MemorySegment iov = iovecs(arena, c.arg(1));
                int n = (int) (iov.byteSize() / SocketStructs.SIZEOF_IOVEC);
                yield v.write() ? Syscalls.writev(fd, iov, n) : readv(fd, iov);
            }
            case SocketCall.Message m -> {
                MemorySegment iov = iovecs(arena, SocketValues.field(m.message(), "msg_iov").orElse(SocketValue.UNSPECIFIED));
                MemorySegment name = MemorySegment.NULL;
                if (SocketValues.field(m.message(), "msg_name").orElse(SocketValue.UNSPECIFIED) instanceof SocketValue.Address a) {
                    name = SocketAddresses.allocate(arena, mapIpv4 ? SocketAddresses.mapped(a.address()) : a.address(), a.port());
                }
                MemorySegment msg = SocketStructs.msghdr(arena, name, iov);
                int flags = (int) m.flags();
                if (m.send()) {
                    yield Syscalls.sendmsg(fd, msg, flags);
                }
                boolean control = SocketValues.field(m.message(), "msg_control").isPresent();
                if (control) {
                    ReceivedControlMessages.attach(arena, msg);
                }
                SyscallResult r = Syscalls.recvmsg(fd, msg, flags);
                if (!r.failed() && control) {
                    setOutput(out, 1, ReceivedControlMessages.read(msg, nowMicros.getAsLong()));
                }
                yield r;
            }
            case SocketCall.Close cl -> Syscalls.close(fd);
            case SocketCall.Shutdown sh -> Syscalls.shutdown(fd, sh.how());
            case SocketCall.SetSockOpt so -> SocketOptionCalls.set(so, arena);
            case SocketCall.GetSockOpt go -> SocketOptionCalls.get(go, arena, out);
            case SocketCall.Fcntl f -> Syscalls.fcntl(fd, f.command(), f.argument());
            case SocketCall.Ioctl i -> {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
                value.set(ValueLayout.JAVA_INT, 0, (int) integer(c.arg(2), 0));
                SyscallResult r = Syscalls.ioctl(fd, integer(c.arg(1), 0), value);
                setOutput(out, 2, new SocketValue.Int(value.get(ValueLayout.JAVA_INT, 0)));
                yield r;
            }
            case SocketCall.Poll p -> poll(c, arena, out);
            case SocketCall.EpollCreate e when !e.withFlags() ->
                    integer(c.arg(0), 1) <= 0 ? new SyscallResult(-1, Errno.EINVAL.number()) : Syscalls.epollCreate1(0);
            case SocketCall.EpollCreate e -> Syscalls.epollCreate1((int) integer(c.arg(0), 0));
            case SocketCall.EpollCtl e -> {
                MemorySegment event = arena.allocate(12, 4);
                event.set(ValueLayout.JAVA_INT, 0, (int) fieldInt(c.arg(3), "events", 0));
                event.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, epollData(c.arg(3)));
                yield Syscalls.epollCtl(fd, (int) integer(c.arg(1), 0), (int) integer(c.arg(2), -1),
                        c.arg(3) instanceof SocketValue.Struct ? event : MemorySegment.NULL);
            }
            case SocketCall.EpollWait e -> {
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
            case SocketCall.Open o -> c.arg(0) instanceof SocketValue.Str path
                    ? Syscalls.open(path.value(), (int) integer(c.arg(1), 0))
                    : new SyscallResult(-1, Errno.EFAULT.number());
            case SocketCall.Pipe p -> {
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
            case SocketCall.SendFile sf -> Syscalls.sendfile(fd, (int) integer(c.arg(1), -1), offset(arena, c.arg(2)), integer(c.arg(3), 0));
            case SocketCall.Splice sp -> Syscalls.splice(fd, offset(arena, c.arg(1)), (int) integer(c.arg(2), -1), offset(arena, c.arg(3)),
                    integer(c.arg(4), 0), (int) integer(c.arg(5), 0));
            case SocketCall.CapSet cs -> throw notImplemented(c);
            case SocketCall.PspAssociation pa -> throw notImplemented(c);
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
            byte[] b = s.bytes();
            MemorySegment.copy(MemorySegment.ofArray(b), 0, buffer, 0, Math.min(b.length, count));
        }
        return buffer;
    }

    /** {@code [{iov_base=..., iov_len=N}, ...]} as struct iovec[], each with a buffer of its length. */
    private static MemorySegment iovecs(Arena arena, SocketValue iov) {
        return SocketStructs.iovecs(arena, elements(iov).stream().mapToLong(LinuxSocketCalls::iovLength).toArray());
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

    private static SyscallResult readv(int fd, MemorySegment iov) {
        // No readv handle: a TCP read fills the iovecs in order, so one read of the total is equivalent
        // for the byte count the script checks.
        long total = SocketStructs.iovecTotal(iov);
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
        return switch (c) {
            case SocketCall.Socket s -> true;
            case SocketCall.EpollCreate e -> true;
            case SocketCall.EpollCtl e -> true;
            case SocketCall.Fcntl f -> true;
            case SocketCall.Ioctl i -> true;
            case SocketCall.Close cl -> true;
            case SocketCall.Open o -> true;
            case SocketCall.Pipe p -> true;
            case SocketCall.SocketName n -> true;
            case SocketCall.SetSockOpt so -> true;
            case SocketCall.GetSockOpt go -> true;
            case SocketCall.Bind b -> true;
            case SocketCall.Listen l -> true;
            case SocketCall.Shutdown sh -> true;
            case SocketCall.EpollWait e -> integer(c.arg(3), -1) >= 0;
            case SocketCall.Poll p -> integer(c.arg(2), -1) >= 0
                    || elements(c.arg(0)).stream().allMatch(e -> isSocket((int) fieldInt(e, "fd", -1)));
            case SocketCall.Splice sp -> false;
            case SocketCall.Accept a -> isSocket(c.fd());
            case SocketCall.Connect k -> isSocket(c.fd());
            case SocketCall.Receive rc -> isSocket(c.fd());
            case SocketCall.Send sd -> isSocket(c.fd());
            case SocketCall.VectorIo v -> isSocket(c.fd());
            case SocketCall.Message m -> isSocket(c.fd());
            case SocketCall.SendFile sf -> isSocket(c.fd());
            case SocketCall.CapSet cs -> isSocket(c.fd());
            case SocketCall.PspAssociation pa -> isSocket(c.fd());
        };
    }

    /**
     * A call the catalogue does not list for the linux target never gets here ({@link LinuxTarget} SKIPs
     * it first, naming it); reaching this means the catalogue and this switch disagree.
     */
    private static IllegalArgumentException notImplemented(SocketCall c) {
        return new IllegalArgumentException("the linux target does not implement " + c.name() + "()");
    }
}
