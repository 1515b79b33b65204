package dev.jdrill.interpreter.syscall;

import dev.jdrill.grammar.ast.Expr;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.catalogue.ArgumentKind;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a scripted syscall for a target (run_system_call.c's per-call argument handling), by the
 * argument kinds of the {@link SyscallCatalogue}: maps script fds to live ones and fills in what
 * {@code ...} stands for where packetdrill fills it in — the address family of {@code socket}, the local
 * address and bind port of {@code bind}, the remote address and connect port of {@code connect}/
 * {@code sendto}/{@code sendmsg}, and their lengths.
 */
public final class SyscallPlanner {

    private final TargetConfig config;
    private final int bindPort;
    private final int connectPort;

    public SyscallPlanner(TargetConfig config, int bindPort, int connectPort) {
        this.config = config;
        this.bindPort = bindPort;
        this.connectPort = connectPort;
    }

    public SocketCall plan(Syscall syscall, FdTable fds) throws EvaluationException {
        SyscallCatalogue entry = SyscallCatalogue.byName(syscall.name()).orElseThrow(
                () -> new EvaluationException(syscall.span(), "unknown system call '" + syscall.name() + "'"));
        List<Expr> args = syscall.args();
        List<SocketValue> values = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Expr arg = args.get(i);
            ArgumentKind kind = entry.argument(i);
            if (kind == ArgumentKind.FD) {
                values.add(new SocketValue.Int(liveFd(arg, fds)));
            } else if (arg instanceof Expr.Ellipsis) {
                values.add(fillIn(kind));
            } else if (kind == ArgumentKind.MESSAGE_OUT) {
                values.add(withMessageName(ArgumentEvaluator.evaluate(arg)));
            } else if (kind == ArgumentKind.POLL_FDS) {
                values.add(mapPollFds(ArgumentEvaluator.evaluate(arg), fds, arg));
            } else {
                values.add(ArgumentEvaluator.evaluate(arg));
            }
        }
        return SocketCall.of(entry, values);
    }

    /** sendmsg's {@code msg_name(...)=...}: the remote address and connect port, as packetdrill fills it in. */
    private SocketValue withMessageName(SocketValue msg) {
        if (!(msg instanceof SocketValue.Struct s) || s.field("msg_name").isEmpty()
                || !(s.field("msg_name").get() instanceof SocketValue.Unspecified)) {
            return msg;
        }
        List<SocketValue.Field> fields = new ArrayList<>();
        for (SocketValue.Field f : s.fields()) {
            fields.add(f.name().equals("msg_name")
                    ? new SocketValue.Field("msg_name", new SocketValue.Address(socketAddress(config.remoteAddress()), connectPort))
                    : f);
        }
        return new SocketValue.Struct(fields);
    }

    private static int liveFd(Expr arg, FdTable fds) throws EvaluationException {
        long scriptFd = ArgumentEvaluator.integer(arg);
        if (scriptFd < 0 || scriptFd > Integer.MAX_VALUE) {
            return (int) scriptFd;
        }
        return fds.live((int) scriptFd).orElseThrow(
                () -> new EvaluationException(arg.span(), "unable to find fd with script fd " + scriptFd));
    }

    private SocketValue mapPollFds(SocketValue value, FdTable fds, Expr at) throws EvaluationException {
        if (!(value instanceof SocketValue.Array array)) {
            return value;
        }
        List<SocketValue> mapped = new ArrayList<>();
        for (SocketValue element : array.elements()) {
            if (element instanceof SocketValue.Struct s) {
                List<SocketValue.Field> fields = new ArrayList<>();
                for (SocketValue.Field f : s.fields()) {
                    if (f.name().equals("fd") && f.value().asLong().isPresent()) {
                        long scriptFd = f.value().asLong().get();
                        int live = fds.live((int) scriptFd).orElseThrow(
                                () -> new EvaluationException(at.span(), "unable to find fd with script fd " + scriptFd));
                        fields.add(new SocketValue.Field("fd", new SocketValue.Int(live)));
                    } else {
                        fields.add(f);
                    }
                }
                mapped.add(new SocketValue.Struct(fields));
            } else {
                mapped.add(element);
            }
        }
        return new SocketValue.Array(mapped);
    }

    /** What {@code ...} stands for in an argument of this kind (run_system_call.c). */
    private SocketValue fillIn(ArgumentKind kind) {
        return switch (kind) {
            case FAMILY -> new SocketValue.Int(socketFamily());
            case LOCAL_ADDRESS -> new SocketValue.Address(socketAddress(config.localAddress()), bindPort);
            case REMOTE_ADDRESS -> new SocketValue.Address(socketAddress(config.remoteAddress()), connectPort);
            case ADDRESS_LENGTH -> new SocketValue.Int(sockaddrLength());
            case FD, INT, ADDRESS_OUT, LENGTH_OUT, BUFFER, COUNT, IOVEC, MESSAGE_OUT, MESSAGE_IN, OPTION_VALUE, POLL_FDS,
                    EPOLL_EVENT, EPOLL_EVENTS_OUT, OFFSET, PATH, FD_PAIR_OUT, STRUCT -> SocketValue.UNSPECIFIED;
        };
    }

    private int socketFamily() {
        return config.ipVersion() == TargetConfig.IpMode.IPV4 ? SocketConstants.AF_INET : SocketConstants.AF_INET6;
    }

    private int sockaddrLength() {
        return config.ipVersion() == TargetConfig.IpMode.IPV4 ? 16 : 28;
    }

    /** The address as the socket API sees it: IPv4-mapped IPv6 in that mode. */
    public InetAddress socketAddress(InetAddress wire) {
        if (config.ipVersion() != TargetConfig.IpMode.IPV4_MAPPED_IPV6 || !(wire instanceof Inet4Address)) {
            return wire;
        }
        byte[] v4 = wire.getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        try {
            // getByAddress collapses ::ffff:a.b.c.d to Inet4Address; targets treat that as "mapped" by mode.
            return InetAddress.getByAddress(mapped);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an address", e);
        }
    }
}
