package dev.jdrill.interpreter.target;

import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import java.util.List;
import java.util.Optional;

/**
 * One socket call as the script states it, arguments evaluated, as a typed record a target switches on
 * exhaustively: one record per call of the {@link SyscallCatalogue} (calls of one shape share a record
 * and say which they are by {@link #entry()}). {@code connect(3, ..., ...)} arrives as a {@link Connect}
 * whose arguments are {@code [Int 3 (live fd), Address 192.0.2.1:8080, Int 16]}, because the interpreter
 * fills in what {@code ...} stands for where packetdrill does. The arguments stay available by position
 * ({@link #arg}), as the script wrote them, for what a target passes through unchanged.
 */
public sealed interface SocketCall {

    /** The catalogue entry: the call's name and the kinds of its arguments. */
    SyscallCatalogue entry();

    List<SocketValue> args();

    default String name() {
        return entry().callName();
    }

    /** Whether the catalogue lists this call for the target with that report name ({@code engine}, {@code linux}). */
    default boolean implementedBy(String target) {
        return entry().implementedBy(target);
    }

    default SocketValue arg(int index) {
        return index < args().size() ? args().get(index) : SocketValue.UNSPECIFIED;
    }

    /** An integer argument; empty when it is absent or not an integer. */
    default Optional<Long> intArg(int index) {
        return arg(index).asLong();
    }

    /** An integer argument, or {@code orElse} when it is absent or not an integer. */
    default long integer(int index, long orElse) {
        return intArg(index).orElse(orElse);
    }

    /** The live fd the call acts on (its first argument), or -1 for calls that do not start with one. */
    default int fd() {
        return entry().argument(0) == dev.jdrill.grammar.catalogue.ArgumentKind.FD
                ? intArg(0).map(Long::intValue).orElse(-1) : -1;
    }

    /** The typed record for a catalogue entry. */
    static SocketCall of(SyscallCatalogue entry, List<SocketValue> args) {
        List<SocketValue> a = List.copyOf(args);
        return switch (entry) {
            case SOCKET -> new Socket(a);
            case BIND -> new Bind(a);
            case LISTEN -> new Listen(a);
            case ACCEPT, ACCEPT4 -> new Accept(entry, a);
            case CONNECT -> new Connect(a);
            case GETSOCKNAME, GETPEERNAME -> new SocketName(entry, a);
            case READ, RECV, RECVFROM -> new Receive(entry, a);
            case WRITE, SEND, SENDTO -> new Send(entry, a);
            case READV, WRITEV -> new VectorIo(entry, a);
            case SENDMSG, RECVMSG -> new Message(entry, a);
            case SENDFILE -> new SendFile(a);
            case SPLICE -> new Splice(a);
            case CLOSE -> new Close(a);
            case SHUTDOWN -> new Shutdown(a);
            case GETSOCKOPT -> new GetSockOpt(a);
            case SETSOCKOPT -> new SetSockOpt(a);
            case FCNTL -> new Fcntl(a);
            case IOCTL -> new Ioctl(a);
            case POLL -> new Poll(a);
            case EPOLL_CREATE, EPOLL_CREATE1 -> new EpollCreate(entry, a);
            case EPOLL_CTL -> new EpollCtl(a);
            case EPOLL_WAIT -> new EpollWait(a);
            case OPEN -> new Open(a);
            case PIPE -> new Pipe(a);
            case CAP_SET -> new CapSet(a);
            case PSP_RX_ASSOC, PSP_TX_ASSOC -> new PspAssociation(entry, a);
        };
    }

    /** The typed record for a call by name (tests, tools); an unknown name is an IllegalArgumentException. */
    static SocketCall named(String name, List<SocketValue> args) {
        return of(SyscallCatalogue.byName(name).orElseThrow(
                () -> new IllegalArgumentException("not a system call of the catalogue: " + name)), args);
    }

    /** {@code socket(domain, type, protocol)}. */
    record Socket(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.SOCKET;
        }

        public int domain() {
            return (int) integer(0, 0);
        }

        public int type() {
            return (int) integer(1, 0);
        }

        public int protocol() {
            return (int) integer(2, 0);
        }
    }

    /** {@code bind(fd, address, length)}. */
    record Bind(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.BIND;
        }

        public SocketValue address() {
            return arg(1);
        }
    }

    /** {@code listen(fd, backlog)}. */
    record Listen(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.LISTEN;
        }

        public int backlog() {
            return (int) integer(1, 0);
        }
    }

    /** {@code accept(fd, address, length)} and {@code accept4(fd, address, length, flags)}. */
    record Accept(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        /** accept4's SOCK_NONBLOCK / SOCK_CLOEXEC; 0 for accept. */
        public int flags() {
            return entry == SyscallCatalogue.ACCEPT4 ? (int) integer(3, 0) : 0;
        }
    }

    /** {@code connect(fd, address, length)}. */
    record Connect(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.CONNECT;
        }

        public SocketValue address() {
            return arg(1);
        }
    }

    /** {@code getsockname(fd, address, length)} and {@code getpeername(...)}. */
    record SocketName(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        public boolean peer() {
            return entry == SyscallCatalogue.GETPEERNAME;
        }
    }

    /** {@code read(fd, buffer, count)}, {@code recv(..., flags)}, {@code recvfrom(..., flags, address, length)}. */
    record Receive(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        public SocketValue buffer() {
            return arg(1);
        }

        public long count() {
            return integer(2, 0);
        }

        /** read(2): no flags. */
        public boolean plainRead() {
            return entry == SyscallCatalogue.READ;
        }

        /** recvfrom(2), as opposed to recv(2) and read(2). */
        public boolean from() {
            return entry == SyscallCatalogue.RECVFROM;
        }

        /** MSG_* flags; 0 for read. */
        public long flags() {
            return entry == SyscallCatalogue.READ ? 0 : integer(3, 0);
        }
    }

    /** {@code write(fd, buffer, count)}, {@code send(..., flags)}, {@code sendto(..., flags, address, length)}. */
    record Send(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        public SocketValue buffer() {
            return arg(1);
        }

        public long count() {
            return integer(2, 0);
        }

        /** write(2): no flags. */
        public boolean plainWrite() {
            return entry == SyscallCatalogue.WRITE;
        }

        /** sendto(2), with a destination. */
        public boolean to() {
            return entry == SyscallCatalogue.SENDTO;
        }

        /** MSG_* flags; 0 for write. */
        public long flags() {
            return entry == SyscallCatalogue.WRITE ? 0 : integer(3, 0);
        }

        /** sendto's destination; unspecified for write and send. */
        public SocketValue destination() {
            return to() ? arg(4) : SocketValue.UNSPECIFIED;
        }
    }

    /** {@code readv(fd, iov, iovcnt)} and {@code writev(...)}. */
    record VectorIo(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        public boolean write() {
            return entry == SyscallCatalogue.WRITEV;
        }
    }

    /** {@code sendmsg(fd, msghdr, flags)} and {@code recvmsg(...)}. */
    record Message(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        public boolean send() {
            return entry == SyscallCatalogue.SENDMSG;
        }

        public SocketValue message() {
            return arg(1);
        }

        public long flags() {
            return integer(2, 0);
        }
    }

    /** {@code sendfile(out_fd, in_fd, offset, count)}. */
    record SendFile(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.SENDFILE;
        }
    }

    /** {@code splice(fd_in, off_in, fd_out, off_out, len, flags)}. */
    record Splice(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.SPLICE;
        }
    }

    /** {@code close(fd)}. */
    record Close(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.CLOSE;
        }
    }

    /** {@code shutdown(fd, how)}. */
    record Shutdown(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.SHUTDOWN;
        }

        public int how() {
            return (int) integer(1, 0);
        }
    }

    /** {@code getsockopt(fd, level, name, value, length)}. */
    record GetSockOpt(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.GETSOCKOPT;
        }

        public int level() {
            return (int) integer(1, 0);
        }

        public int option() {
            return (int) integer(2, 0);
        }
    }

    /** {@code setsockopt(fd, level, name, value, length)}. */
    record SetSockOpt(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.SETSOCKOPT;
        }

        public int level() {
            return (int) integer(1, 0);
        }

        public int option() {
            return (int) integer(2, 0);
        }

        public SocketValue value() {
            return arg(3);
        }
    }

    /** {@code fcntl(fd, command, argument)}. */
    record Fcntl(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.FCNTL;
        }

        public int command() {
            return (int) integer(1, 0);
        }

        public long argument() {
            return integer(2, 0);
        }
    }

    /** {@code ioctl(fd, request, argument)}. */
    record Ioctl(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.IOCTL;
        }

        public long request() {
            return integer(1, 0);
        }
    }

    /** {@code poll([{fd=..., events=...}], nfds, timeout)}; its fds are live fds. */
    record Poll(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.POLL;
        }
    }

    /** {@code epoll_create(size)} and {@code epoll_create1(flags)}. */
    record EpollCreate(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
        /** epoll_create1, whose argument is flags; epoll_create's is a size hint that must be positive. */
        public boolean withFlags() {
            return entry == SyscallCatalogue.EPOLL_CREATE1;
        }
    }

    /** {@code epoll_ctl(epfd, op, fd, {events=..., fd=...})}. */
    record EpollCtl(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.EPOLL_CTL;
        }
    }

    /** {@code epoll_wait(epfd, events, maxevents, timeout)}. */
    record EpollWait(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.EPOLL_WAIT;
        }
    }

    /** {@code open("path", flags)}. */
    record Open(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.OPEN;
        }
    }

    /** {@code pipe([r, w])}. */
    record Pipe(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.PIPE;
        }
    }

    /** {@code cap_set(...)}: packetdrill's capability call. */
    record CapSet(List<SocketValue> args) implements SocketCall {
        public SyscallCatalogue entry() {
            return SyscallCatalogue.CAP_SET;
        }
    }

    /** {@code psp_rx_assoc(fd, ...)} and {@code psp_tx_assoc(fd, ...)}: PSP security associations. */
    record PspAssociation(SyscallCatalogue entry, List<SocketValue> args) implements SocketCall {
    }
}
