package dev.jdrill.interpreter.syscall;

import dev.jdrill.grammar.ast.Expr;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prepares a scripted syscall for a target (run_system_call.c's per-call argument handling): maps script
 * fds to live ones and fills in what {@code ...} stands for where packetdrill fills it in — the address
 * family of {@code socket}, the local address and bind port of {@code bind}, the remote address and
 * connect port of {@code connect}/{@code sendto}, and their lengths.
 */
public final class SyscallPlanner {

    /** Calls whose first argument is an fd. */
    private static final Set<String> FD_FIRST = Set.of("bind", "listen", "accept", "accept4", "connect", "read",
            "readv", "recv", "recvfrom", "recvmsg", "write", "writev", "send", "sendto", "sendmsg", "fcntl", "ioctl",
            "close", "shutdown", "getsockopt", "setsockopt", "epoll_ctl", "epoll_wait", "sendfile", "splice",
            "getsockname", "getpeername", "psp_rx_assoc", "psp_tx_assoc");

    private final TargetConfig config;
    private final int bindPort;
    private final int connectPort;

    public SyscallPlanner(TargetConfig config, int bindPort, int connectPort) {
        this.config = config;
        this.bindPort = bindPort;
        this.connectPort = connectPort;
    }

    public SocketCall plan(Syscall syscall, FdTable fds) throws EvaluationException {
        List<Expr> args = syscall.args();
        List<SocketValue> values = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Expr arg = args.get(i);
            if (isFdPosition(syscall.name(), i)) {
                values.add(new SocketValue.Int(liveFd(arg, fds)));
            } else if (arg instanceof Expr.Ellipsis) {
                values.add(fillIn(syscall.name(), i));
            } else if (syscall.name().equals("sendmsg") && i == 1) {
                values.add(withMessageName(ArgumentEvaluator.evaluate(arg)));
            } else if (syscall.name().equals("poll") && i == 0) {
                values.add(mapPollFds(ArgumentEvaluator.evaluate(arg), fds, arg));
            } else {
                values.add(ArgumentEvaluator.evaluate(arg));
            }
        }
        return new SocketCall(syscall.name(), values);
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

    private static boolean isFdPosition(String name, int index) {
        if (index == 0) {
            return FD_FIRST.contains(name);
        }
        return switch (name) {
            case "epoll_ctl", "splice" -> index == 2;
            case "sendfile" -> index == 1;
            default -> false;
        };
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

    private SocketValue fillIn(String name, int index) {
        return switch (name) {
            case "socket" -> index == 0 ? new SocketValue.Int(socketFamily()) : SocketValue.UNSPECIFIED;
            case "bind" -> index == 1 ? new SocketValue.Address(socketAddress(config.localAddress()), bindPort)
                    : index == 2 ? new SocketValue.Int(sockaddrLength()) : SocketValue.UNSPECIFIED;
            case "connect" -> index == 1 ? new SocketValue.Address(socketAddress(config.remoteAddress()), connectPort)
                    : index == 2 ? new SocketValue.Int(sockaddrLength()) : SocketValue.UNSPECIFIED;
            case "sendto" -> index == 4 ? new SocketValue.Address(socketAddress(config.remoteAddress()), connectPort)
                    : index == 5 ? new SocketValue.Int(sockaddrLength()) : SocketValue.UNSPECIFIED;
            default -> SocketValue.UNSPECIFIED;
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
