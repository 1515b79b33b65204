package dev.jdrill.target.remote.agent;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.linux.CommandResult;
import dev.jdrill.linux.DiagSocket;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.NamespaceThread;
import dev.jdrill.linux.ShellCommand;
import dev.jdrill.linux.SockDiag;
import dev.jdrill.linux.TcpInfo;
import dev.jdrill.target.linux.RealFdCalls;
import dev.jdrill.target.remote.control.ControlCodec;
import dev.jdrill.target.remote.control.ControlOps;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One script's session on the agent, after the token was accepted: makes the socket calls jdrill asks
 * for on real fds with the linux target's own code ({@link RealFdCalls}), answers sock_diag and TCP_INFO
 * queries, and runs commands and sets sysctls only when the agent was started with
 * {@code --allow-commands}. When the session ends — BYE, a dropped connection, or an error — every fd
 * the script holds is closed and every sysctl it changed is put back, by the agent's own writes or by
 * its commands ({@link NetSysctlSnapshot}).
 */
final class AgentSession implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final DataInputStream in;
    private final DataOutputStream out;
    private final boolean allowCommands;
    private final Map<String, String> changedSysctls = new LinkedHashMap<>();
    /** The host's network tunables before the script's first command, put back when the session ends. */
    private NetSysctlSnapshot beforeCommands;
    private RealFdCalls calls;
    private SockDiag sockDiag;

    AgentSession(DataInputStream in, DataOutputStream out, boolean allowCommands) {
        this.in = in;
        this.out = out;
        this.allowCommands = allowCommands;
    }

    /** Serves requests until BYE or the end of the connection. */
    void serve() throws IOException {
        while (true) {
            int op;
            try {
                op = in.readUnsignedByte();
            } catch (java.io.EOFException e) {
                return;
            }
            switch (op) {
                case ControlOps.START -> start(in.readBoolean());
                case ControlOps.CLOCK -> reply(ControlOps.CLOCK_REPLY, System.nanoTime());
                case ControlOps.CALL -> call(in.readLong(), in.readBoolean(), ControlCodec.readCall(in));
                case ControlOps.CONNECTION_STATE -> connectionState(ControlCodec.readAddress(in), in.readInt(),
                        ControlCodec.readAddress(in), in.readInt());
                case ControlOps.TCP_INFO -> tcpInfo(in.readInt());
                case ControlOps.SYSCTL -> sysctl(ControlCodec.readString(in), ControlCodec.readString(in));
                case ControlOps.COMMAND -> command(ControlCodec.readString(in), ControlCodec.readString(in),
                        ControlCodec.readStrings(in));
                case ControlOps.BYE -> {
                    return;
                }
                default -> throw new IOException("unknown op " + op);
            }
        }
    }

    private void start(boolean mapIpv4) throws IOException {
        if (calls != null) {
            error(false, "the session has already started");
            return;
        }
        try {
            calls = new RealFdCalls(NamespaceThread.inCurrentNamespace("jdrill-agent-syscalls"), mapIpv4,
                    () -> System.nanoTime() / 1000, () -> true);
            calls.warmUp();
            sockDiag = SockDiag.open();
            sockDiag.dumpTcp();
            TcpInfo.fields();
        } catch (LinuxException e) {
            error(false, "cannot start a session: " + e.getMessage());
            return;
        }
        synchronized (out) {
            out.writeByte(ControlOps.OK);
            out.flush();
        }
    }

    private void call(long id, boolean blocking, SocketCall call) throws IOException {
        // jdrill checks support before it asks and starts the session first; should either fail anyway,
        // the call fails with ENOSYS, so the replies stay in step (a call's answer is STARTED and RESULT).
        CompletableFuture<CallOutcome> f = calls != null && RealFdCalls.supports(call)
                ? calls.start(call, blocking)
                : CompletableFuture.completedFuture(CallOutcome.failure(dev.jdrill.wire.Errno.ENOSYS,
                        System.nanoTime() / 1000));
        reply(ControlOps.STARTED, id);
        // Registered after STARTED is written, so the result of a call that has already returned follows it.
        f.whenComplete((outcome, failure) -> {
            if (outcome != null) {
                try {
                    synchronized (out) {
                        out.writeByte(ControlOps.RESULT);
                        out.writeLong(id);
                        ControlCodec.writeOutcome(out, outcome);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the connection is gone; the session ends on the reading side
                }
            }
        });
    }

    private void connectionState(InetAddress local, int localPort, InetAddress remote, int remotePort)
            throws IOException {
        try {
            Optional<DiagSocket> s = sockDiag.find(local, localPort, remote, remotePort);
            reply(ControlOps.VALUE, s.map(DiagSocket::state).orElse(-1));
        } catch (LinuxException | NullPointerException e) {
            error(false, "sock_diag: " + (e.getMessage() == null ? "no session" : e.getMessage()));
        }
    }

    private void tcpInfo(int fd) throws IOException {
        try {
            Map<String, Long> info = TcpInfo.read(fd);
            synchronized (out) {
                out.writeByte(ControlOps.MAP);
                ControlCodec.writeMap(out, info);
                out.flush();
            }
        } catch (LinuxException e) {
            error(false, e.getMessage());
        }
    }

    private void sysctl(String name, String value) throws IOException {
        if (!allowCommands) {
            error(true, "the agent was not started with --allow-commands: it does not set " + name);
            return;
        }
        if (!name.matches("[a-z0-9_.-]+") || name.contains("..")) {
            error(false, "not a sysctl name: " + name);
            return;
        }
        Path file = Path.of("/proc/sys", name.replace('.', '/'));
        try {
            String old = Files.readString(file).strip();
            Files.writeString(file, value);
            changedSysctls.putIfAbsent(name, old);
            reply0(ControlOps.OK);
        } catch (IOException e) {
            error(false, "cannot set " + name + "=" + value + ": " + e.getMessage());
        }
    }

    private void command(String command, String workingDirectory, Map<String, String> environment) throws IOException {
        if (!allowCommands) {
            error(true, "the agent was not started with --allow-commands: it does not run `" + command + "`");
            return;
        }
        // The script's directory is on jdrill's machine; use it only if the agent's host has it too.
        Path dir = Path.of(workingDirectory);
        if (!Files.isDirectory(dir)) {
            dir = Path.of(System.getProperty("user.dir"));
        }
        if (beforeCommands == null) {
            beforeCommands = NetSysctlSnapshot.take(Path.of("/proc/sys"));
        }
        try {
            CommandResult r = ShellCommand.runHere(command, dir, environment, COMMAND_TIMEOUT);
            synchronized (out) {
                out.writeByte(ControlOps.COMMAND_RESULT);
                out.writeInt(r.exitStatus());
                ControlCodec.writeString(out, r.output());
                out.flush();
            }
        } catch (LinuxException e) {
            error(false, e.getMessage());
        }
    }

    private void reply(int op, long value) throws IOException {
        synchronized (out) {
            out.writeByte(op);
            out.writeLong(value);
            out.flush();
        }
    }

    private void reply0(int op) throws IOException {
        synchronized (out) {
            out.writeByte(op);
            out.flush();
        }
    }

    private void error(boolean unsupported, String message) throws IOException {
        synchronized (out) {
            out.writeByte(ControlOps.ERROR);
            out.writeBoolean(unsupported);
            ControlCodec.writeString(out, message);
            out.flush();
        }
    }

    /**
     * Restores the sysctls the script changed, then closes every fd of the script (waking blocked calls
     * first). The tunables come first and on every path: a later script on this host must not see them,
     * whatever closing the fds does.
     */
    @Override
    public void close() {
        try {
            // The snapshot first: it may hold values the agent itself had set before the first command,
            // which the agent's own record then puts back to what they were before the script.
            if (beforeCommands != null) {
                beforeCommands.restore().forEach(f -> System.err.println("jdrill agent: could not restore " + f));
                beforeCommands = null;
            }
            changedSysctls.forEach((name, old) -> {
                try {
                    Files.writeString(Path.of("/proc/sys", name.replace('.', '/')), old);
                } catch (IOException e) {
                    System.err.println("jdrill agent: could not restore " + name + "=" + old + ": " + e.getMessage());
                }
            });
            changedSysctls.clear();
        } finally {
            try {
                if (calls != null) {
                    calls.close();
                }
            } finally {
                if (sockDiag != null) {
                    sockDiag.close();
                }
            }
        }
    }
}
