package dev.jdrill.target.remote.agent;

import dev.jdrill.target.remote.control.AgentToken;
import dev.jdrill.target.remote.control.ControlCodec;
import dev.jdrill.target.remote.control.ControlOps;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * {@code jdrill agent}: runs on the host under test and serves one jdrill at a time over TCP. A client
 * must first send the protocol magic and the shared token within {@link #HANDSHAKE_MILLIS}; anything
 * else — another protocol, a wrong or missing token, silence — is refused and the connection closed
 * before any request is read. Sessions run one after another, each cleaned up completely before the
 * next connection is accepted.
 */
public final class AgentServer implements AutoCloseable {
    static final int HANDSHAKE_MILLIS = 5_000;

    private final ServerSocket server;
    private final AgentToken token;
    private final boolean allowCommands;
    private final PrintStream log;
    private volatile boolean stopped;

    private AgentServer(ServerSocket server, AgentToken token, boolean allowCommands, PrintStream log) {
        this.server = server;
        this.token = token;
        this.allowCommands = allowCommands;
        this.log = log;
    }

    public static AgentServer bind(InetSocketAddress listen, AgentToken token, boolean allowCommands, PrintStream log)
            throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(listen);
        return new AgentServer(s, token, allowCommands, log);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Accepts and serves connections until {@link #close}. */
    public void serve() {
        // Direct calls run on this thread: it keeps the timing priority the linux target gives its own.
        dev.jdrill.linux.ThreadPriority.raiseCurrent();
        while (!stopped) {
            try (Socket s = server.accept()) {
                serve(s);
            } catch (IOException e) {
                if (!stopped) {
                    log.println("jdrill agent: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                // A bug of ours ends this session, never the agent, and never as a stack trace.
                log.println("jdrill agent: internal error, session closed: " + e);
            }
        }
    }

    private void serve(Socket s) throws IOException {
        String who = s.getRemoteSocketAddress().toString();
        s.setTcpNoDelay(true);
        s.setSoTimeout(HANDSHAKE_MILLIS);
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        String offered;
        try {
            byte[] magic = new byte[ControlOps.MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, ControlOps.MAGIC)) {
                log.println("jdrill agent: refused " + who + ": not a jdrill client");
                return; // not our protocol: say nothing
            }
            int n = in.readInt();
            if (n < 0 || n > 4096) {
                refuse(out, who, "bad token");
                return;
            }
            byte[] b = new byte[n];
            in.readFully(b);
            offered = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (SocketTimeoutException | java.io.EOFException e) {
            log.println("jdrill agent: refused " + who + ": no token");
            return;
        }
        if (!token.matches(offered)) {
            refuse(out, who, "wrong token");
            return;
        }
        out.writeByte(ControlOps.WELCOME);
        out.flush();
        s.setSoTimeout(0);
        log.println("jdrill agent: session from " + who);
        try (AgentSession session = new AgentSession(in, out, allowCommands)) {
            session.serve();
        } catch (IOException e) {
            log.println("jdrill agent: session from " + who + " ended: " + e.getMessage());
        }
        log.println("jdrill agent: session from " + who + " closed");
    }

    private void refuse(DataOutputStream out, String who, String reason) throws IOException {
        log.println("jdrill agent: refused " + who + ": " + reason);
        out.writeByte(ControlOps.REFUSED);
        ControlCodec.writeString(out, reason);
        out.flush();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
