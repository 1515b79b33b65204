package dev.jdrill.target.engine;

import dev.jdrill.engine.Endpoint;
import dev.jdrill.engine.QueueSize;
import dev.jdrill.engine.SendRequest;
import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.SocketOption;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the interpreter's socket calls into engine calls, by an exhaustive switch over the typed
 * calls: those the catalogue does not list for the engine are a SKIP naming the call. One attempt per {@link #attempt}:
 * the result may be {@link SocketCallResult.WouldBlock}, in which case {@link EngineTarget} tries
 * again after the next state change.
 */
final class EngineSocketCalls {
    /** An attempt's result with the values the call writes back, by argument position. */
    record Attempt(SocketCallResult result, List<SocketValue> outputs) {
    }

    private final TcpStack stack;
    private final InetAddress localAddress;
    private final InetAddress remoteAddress;

    EngineSocketCalls(TcpStack stack, InetAddress localAddress, InetAddress remoteAddress) {
        this.stack = stack;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
    }

    Attempt attempt(SocketCall c, long now) throws UnsupportedByTargetException {
        return attempt(c, now, false);
    }

    /**
     * One attempt; {@code timedOut} says a blocking poll or epoll_wait has reached its timeout, so
     * it returns what is ready now (possibly nothing) instead of sleeping on.
     */
    Attempt attempt(SocketCall c, long now, boolean timedOut) throws UnsupportedByTargetException {
        int fd = c.fd();
        List<SocketValue> out = new ArrayList<>();
        SocketCallResult r = switch (c) {
            case SocketCall.Socket s -> stack.socket(s.domain(), s.type(), s.protocol(), now);
            case SocketCall.Bind b -> stack.bind(fd, endpoint(b.address(), localAddress), now);
            case SocketCall.Listen l -> stack.listen(fd, l.backlog(), now);
            case SocketCall.Accept a -> accept(a, fd, now, out);
            case SocketCall.Connect k -> {
                if (k.address() instanceof SocketValue.Int) {
                    throw new UnsupportedByTargetException("the engine target cannot disconnect with connect(fd, AF_UNSPEC, ...)");
                }
                yield stack.connect(fd, endpoint(k.address(), remoteAddress), now);
            }
            case SocketCall.Receive rc -> {
                MessageFlags.checkRecv(rc.flags());
                yield MessageFlags.dontWait(rc.flags(), (rc.flags() & SocketConstants.MSG_PEEK) != 0
                        ? peek(fd, (int) rc.count(), now) : stack.read(fd, (int) rc.count(), isNull(rc.buffer()), now));
            }
            case SocketCall.Send sd -> send(fd, sd.flags(), sd.destination(), List.of(sd.count()), isNull(sd.buffer()), now);
            case SocketCall.Message m -> {
                IoVector iov = IoVector.of(m.message());
                if (m.send()) {
                    SocketValue name = m.message() instanceof SocketValue.Struct s
                            ? s.field("msg_name").orElse(SocketValue.UNSPECIFIED) : SocketValue.UNSPECIFIED;
                    yield send(fd, m.flags(), name, iov.elements(), iov.faults(), now);
                }
                if ((m.flags() & SocketConstants.MSG_ERRQUEUE) != 0) {
                    yield stack.readErrorQueue(fd, e -> set(out, 1,
                            ReceivedMessage.errorQueueEntry(e, stack.isIpv6Socket(fd))), now);
                }
                MessageFlags.checkRecv(m.flags());
                SocketCallResult read = MessageFlags.dontWait(m.flags(), stack.read(fd, iov.length(), iov.faults(), now));
                if (read instanceof SocketCallResult.Done) {
                    set(out, 1, ReceivedMessage.data(stack.inqHint(fd)));
                }
                yield read;
            }
            case SocketCall.Ioctl i -> ioctl(i, fd, now, out);
            case SocketCall.Close cl -> stack.close(fd, now);
            case SocketCall.Shutdown sh -> stack.shutdown(fd, sh.how(), now);
            case SocketCall.Fcntl f -> fcntl(f, fd, now);
            case SocketCall.SetSockOpt so -> setsockopt(so, fd, now);
            case SocketCall.GetSockOpt go -> getsockopt(go, fd, now, out);
            case SocketCall.SocketName n -> {
                var ep = n.peer() ? stack.peerOf(fd) : stack.localOf(fd);
                if (ep.isEmpty()) {
                    yield new SocketCallResult.Failed(n.peer() ? dev.jdrill.wire.Errno.ENOTCONN : dev.jdrill.wire.Errno.EBADF);
                }
                set(out, 1, new SocketValue.Address(ep.get().address(), ep.get().port()));
                set(out, 2, new SocketValue.Int(ep.get().address() instanceof Inet4Address ? 16 : 28));
                yield new SocketCallResult.Done(0);
            }
            case SocketCall.VectorIo v -> throw notModelled(c);
            case SocketCall.SendFile sf -> FileCalls.sendFile(stack, sf, now);
            case SocketCall.Splice sp -> throw notModelled(c);
            case SocketCall.Poll p -> PollCall.attempt(stack, p, timedOut, out, now);
            case SocketCall.EpollCreate ec -> ec.withFlags() || ec.integer(0, 1) > 0 ? stack.epollCreate(now)
                    : new SocketCallResult.Failed(dev.jdrill.wire.Errno.EINVAL);
            case SocketCall.EpollCtl ec -> stack.epollCtl(fd, (int) ec.integer(1, 0), (int) ec.integer(2, -1),
                    (int) EpollEvents.field(ec.arg(3), "events"), EpollEvents.data(ec.arg(3)), now);
            case SocketCall.EpollWait ew -> EpollEvents.await(stack, ew, fd, timedOut, out, now);
            case SocketCall.Open o -> FileCalls.open(stack, o, now);
            case SocketCall.Pipe p -> throw notModelled(c);
            case SocketCall.CapSet cs -> throw notModelled(c);
            case SocketCall.PspAssociation pa -> throw notModelled(c);
        };
        return new Attempt(r, out);
    }

    /** The SKIP for a call the engine does not model at all: the catalogue does not list it for the engine. */
    static UnsupportedByTargetException notModelled(SocketCall c) {
        return new UnsupportedByTargetException("the engine does not model " + c.name() + "()");
    }

    private SocketCallResult accept(SocketCall.Accept c, int fd, long now, List<SocketValue> out) {
        SocketCallResult a = stack.accept(fd, now);
        if (a instanceof SocketCallResult.Done(long newFd)) {
            stack.peerOf((int) newFd).ifPresent(p -> {
                set(out, 1, new SocketValue.Address(p.address(), p.port()));
                set(out, 2, new SocketValue.Int(p.address() instanceof Inet4Address ? 16 : 28));
            });
            if ((c.flags() & SocketConstants.SOCK_NONBLOCK) != 0) {
                stack.setFileStatusFlags((int) newFd, SocketConstants.O_NONBLOCK, now);
            }
        }
        return a;
    }

    /**
     * A send: the flags that shape the queue (MSG_MORE, MSG_EOR, MSG_ZEROCOPY) go to the engine with
     * the iovec element lengths ({@link SendRequest}). MSG_FASTOPEN connects to {@code to} (client TCP
     * Fast Open).
     */
    private SocketCallResult send(int fd, long flags, SocketValue to, List<Long> iov, boolean nullBuffer, long now)
            throws UnsupportedByTargetException {
        MessageFlags.checkSend(flags);
        long length = 0;
        for (long l : iov) {
            length += Math.max(l, 0);
        }
        try {
            if ((flags & SocketConstants.MSG_FASTOPEN) == 0) {
                // may start a deferred Fast Open
                return MessageFlags.dontWait(flags, stack.send(fd, new SendRequest(iov, nullBuffer,
                        (flags & SocketConstants.MSG_MORE) != 0, (flags & SocketConstants.MSG_EOR) != 0,
                        (flags & SocketConstants.MSG_ZEROCOPY) != 0), now));
            }
            if (to instanceof SocketValue.Int unspec && unspec.value() == SocketConstants.AF_UNSPEC) {
                return new SocketCallResult.Failed(dev.jdrill.wire.Errno.EOPNOTSUPP);   // tcp_sendmsg_fastopen
            }
            return stack.sendFastOpen(fd, endpoint(to, remoteAddress), (int) length, nullBuffer,
                    (flags & SocketConstants.MSG_DONTWAIT) != 0, (flags & SocketConstants.MSG_ZEROCOPY) != 0, now);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedByTargetException("the engine does not model " + e.getMessage());
        }
    }

    /**
     * recv with MSG_PEEK (tcp_recvmsg_locked with peek_seq): queued bytes are reported and left in
     * place; with none queued the call ends as a read would (EAGAIN, 0 at EOF, an error), which
     * consumes nothing either.
     */
    private SocketCallResult peek(int fd, int length, long now) {
        SocketCallResult queued = stack.queueSize(fd, QueueSize.UNREAD, now);
        if (queued instanceof SocketCallResult.Done(long n) && n > 0) {
            return new SocketCallResult.Done(Math.min(n, Math.max(length, 0)));
        }
        return stack.read(fd, length, false, now);
    }

    /** FIONREAD/SIOCINQ, SIOCOUTQ, SIOCOUTQNSD (tcp_ioctl); the count goes to the third argument. */
    private SocketCallResult ioctl(SocketCall.Ioctl c, int fd, long now, List<SocketValue> out)
            throws UnsupportedByTargetException {
        long request = c.request();
        QueueSize which;
        if (request == SocketConstants.SIOCINQ) {
            which = QueueSize.UNREAD;
        } else if (request == SocketConstants.SIOCOUTQ) {
            which = QueueSize.UNACKED;
        } else if (request == SocketConstants.SIOCOUTQNSD) {
            which = QueueSize.UNSENT;
        } else {
            throw new UnsupportedByTargetException(
                    "the engine models ioctl SIOCINQ/FIONREAD, SIOCOUTQ and SIOCOUTQNSD only, not "
                            + SocketOptionNames.ioctl(request));
        }
        SocketCallResult r = stack.queueSize(fd, which, now);
        if (r instanceof SocketCallResult.Done(long v)) {
            set(out, 2, new SocketValue.Array(List.of(new SocketValue.Int(v))));
            return new SocketCallResult.Done(0);
        }
        return r;
    }

    /** packetdrill's NULL is the integer 0 where a buffer pointer belongs. */
    static boolean isNull(SocketValue v) {
        return v instanceof SocketValue.Int(long value) && value == 0;
    }

    private SocketCallResult fcntl(SocketCall.Fcntl c, int fd, long now) throws UnsupportedByTargetException {
        long cmd = c.command();
        if (cmd == SocketConstants.F_GETFL) {
            return stack.getFileStatusFlags(fd, now);
        }
        if (cmd == SocketConstants.F_SETFL) {
            return stack.setFileStatusFlags(fd, (int) c.argument(), now);
        }
        throw new UnsupportedByTargetException("the engine models fcntl F_GETFL and F_SETFL only, not command " + cmd);
    }

    private SocketCallResult setsockopt(SocketCall.SetSockOpt c, int fd, long now) throws UnsupportedByTargetException {
        int level = c.level();
        int name = c.option();
        if (level == SocketConstants.SOL_SOCKET && name == SocketConstants.SO_LINGER) {
            if (c.value() instanceof SocketValue.Struct s) {
                long onoff = s.field("onoff").or(() -> s.field("l_onoff")).flatMap(SocketValue::asLong).orElse(0L);
                long linger = s.field("linger").or(() -> s.field("l_linger")).flatMap(SocketValue::asLong).orElse(0L);
                return stack.setLinger(fd, onoff != 0, (int) linger, now);
            }
            throw new UnsupportedByTargetException("SO_LINGER needs a {onoff=..., linger=...} struct");
        }
        if (level == SocketConstants.SOL_TCP && name == SocketConstants.TCP_CONGESTION
                && c.value() instanceof SocketValue.Str algorithm) {
            return stack.setCongestionControl(fd, algorithm.value(), now).orElseThrow(() -> new UnsupportedByTargetException(
                    "TCP_CONGESTION " + algorithm.value() + ": the engine models cubic and reno"));
        }
        SocketOption option = option(level, name);
        long value = c.value().asLong().orElseThrow(
                () -> new UnsupportedByTargetException("setsockopt " + option + " with a non-integer value"));
        return stack.setsockopt(fd, option, value, now);
    }

    private SocketCallResult getsockopt(SocketCall.GetSockOpt c, int fd, long now, List<SocketValue> out)
            throws UnsupportedByTargetException {
        int level = c.level();
        int name = c.option();
        SocketOption option = option(level, name);
        SocketCallResult r = stack.getsockopt(fd, option, now);
        if (r instanceof SocketCallResult.Done(long v)) {
            if (option == SocketOption.SO_LINGER) {
                set(out, 3, new SocketValue.Struct(List.of(
                        new SocketValue.Field("onoff", new SocketValue.Int(v >= 0 ? 1 : 0)),
                        new SocketValue.Field("linger", new SocketValue.Int(Math.max(v, 0))))));
                set(out, 4, new SocketValue.Int(8));
            } else {
                set(out, 3, new SocketValue.Int(v));
                set(out, 4, new SocketValue.Int(4));
            }
            return new SocketCallResult.Done(0);
        }
        return r;
    }

    private static SocketOption option(int level, int name) throws UnsupportedByTargetException {
        SocketOption o = null;
        if (level == SocketConstants.SOL_SOCKET) {
            o = switch (name) {
                case SocketConstants.SO_REUSEADDR -> SocketOption.SO_REUSEADDR;
                case SocketConstants.SO_KEEPALIVE -> SocketOption.SO_KEEPALIVE;
                case SocketConstants.SO_ERROR -> SocketOption.SO_ERROR;
                case SocketConstants.SO_RCVBUF -> SocketOption.SO_RCVBUF;
                case SocketConstants.SO_SNDBUF -> SocketOption.SO_SNDBUF;
                case SocketConstants.SO_TYPE -> SocketOption.SO_TYPE;
                case SocketConstants.SO_LINGER -> SocketOption.SO_LINGER;
                case SocketConstants.SO_ZEROCOPY -> SocketOption.SO_ZEROCOPY;
                case SocketConstants.SO_MARK -> SocketOption.SO_MARK;
                case SocketConstants.SO_TIMESTAMPING -> SocketOption.SO_TIMESTAMPING;
                default -> null;
            };
        } else if (level == SocketConstants.SOL_TCP) {
            o = switch (name) {
                case SocketConstants.TCP_NODELAY -> SocketOption.TCP_NODELAY;
                case SocketConstants.TCP_MAXSEG -> SocketOption.TCP_MAXSEG;
                case SocketConstants.TCP_KEEPIDLE -> SocketOption.TCP_KEEPIDLE;
                case SocketConstants.TCP_KEEPINTVL -> SocketOption.TCP_KEEPINTVL;
                case SocketConstants.TCP_KEEPCNT -> SocketOption.TCP_KEEPCNT;
                case SocketConstants.TCP_USER_TIMEOUT -> SocketOption.TCP_USER_TIMEOUT;
                case SocketConstants.TCP_SYNCNT -> SocketOption.TCP_SYNCNT;
                case SocketConstants.TCP_LINGER2 -> SocketOption.TCP_LINGER2;
                case SocketConstants.TCP_FASTOPEN_CONNECT -> SocketOption.TCP_FASTOPEN_CONNECT;
                case SocketConstants.TCP_FASTOPEN -> SocketOption.TCP_FASTOPEN;
                case SocketConstants.TCP_CORK -> SocketOption.TCP_CORK;
                case SocketConstants.TCP_INQ -> SocketOption.TCP_INQ;
                case SocketConstants.TCP_NOTSENT_LOWAT -> SocketOption.TCP_NOTSENT_LOWAT;
                default -> null;
            };
        }
        if (o == null) {
            throw new UnsupportedByTargetException("the engine does not model " + SocketOptionNames.describe(level, name));
        }
        return o;
    }

    private static Endpoint endpoint(SocketValue v, InetAddress fallbackAddress) {
        if (v instanceof SocketValue.Address(InetAddress address, int port)) {
            return new Endpoint(address, port);
        }
        // "..." that the interpreter did not fill: packetdrill's default port on the given side.
        return new Endpoint(fallbackAddress, 8080);
    }

    static void set(List<SocketValue> out, int position, SocketValue value) {
        while (out.size() <= position) {
            out.add(SocketValue.UNSPECIFIED);
        }
        out.set(position, value);
    }
}
