package dev.jdrill.target.remote.control;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.SocketCall;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * jdrill's end of the control connection: authenticates, measures the agent's clock against ours, and
 * makes requests one at a time (the interpreter is single-threaded). A reader thread takes replies off
 * the connection: call results complete their futures whenever they come, everything else is the
 * reply to the one request in flight.
 *
 * <h2>Timing</h2>
 * The agent stamps each call's return with its own monotonic clock. {@link #toLocalNanos} maps such a
 * time onto ours with the offset measured at connection time (the round trip with the smallest delay of
 * several, NTP-style), so call times land on the script's timeline with an error of half that round
 * trip at most — tens of microseconds on a LAN, well inside packetdrill's 4 ms tolerance.
 */
public final class AgentClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long REPLY_TIMEOUT_NANOS = 30_000_000_000L;
    private static final int CLOCK_ROUNDS = 16;

    /** A reply other than a call result; {@code in} is positioned after its op byte. */
    private record Reply(int op, Object value) {
    }

    /** An ERROR reply: unsupported (the script asks for what the agent will not do) or a failure. */
    public static final class AgentError extends Exception {
        private final boolean unsupported;

        AgentError(boolean unsupported, String message) {
            super(message);
            this.unsupported = unsupported;
        }

        public boolean unsupported() {
            return unsupported;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String agentName;
    private final LinkedBlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<CallOutcome>> results = new ConcurrentHashMap<>();
    /** Calls the agent has started (returned or blocked), by id. */
    private final Map<Long, CompletableFuture<Void>> started = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile String failure;
    private long offsetNanos;
    private long clockUncertaintyNanos;

    private AgentClient(Socket socket, String agentName) throws IOException {
        this.socket = socket;
        this.agentName = agentName;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.reader = Thread.ofPlatform().name("jdrill-agent-reader").daemon(true).unstarted(this::readLoop);
    }

    /**
     * Connects (from the calling thread's namespace), authenticates and starts a session.
     *
     * @throws IOException with a one-line reason: unreachable, refused, wrong token
     */
    public static AgentClient connect(InetSocketAddress agent, AgentToken token, boolean mapIpv4) throws IOException {
        String name = agent.getHostString() + ":" + agent.getPort();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(agent, CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(0);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot reach the agent at " + name + ": " + e.getMessage());
        }
        AgentClient c = new AgentClient(s, name);
        try {
            c.out.write(ControlOps.MAGIC);
            ControlCodec.writeString(c.out, token.text());
            c.out.flush();
            s.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
            int op = c.in.readUnsignedByte();
            if (op == ControlOps.REFUSED) {
                throw new IOException("the agent at " + name + " refused the connection: " + ControlCodec.readString(c.in));
            }
            if (op != ControlOps.WELCOME) {
                throw new IOException("the agent at " + name + " does not speak jdrill's protocol");
            }
            s.setSoTimeout(0);
            c.reader.start();
            c.out.writeByte(ControlOps.START);
            c.out.writeBoolean(mapIpv4);
            c.out.flush();
            c.expect(ControlOps.OK);
            c.measureClock();
            if (Boolean.getBoolean("jdrill.remote.debug")) {
                System.err.printf("agent %s: clock offset %d ns, uncertainty %d ns%n", name, c.offsetNanos,
                        c.clockUncertaintyNanos);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(name) ? io
                    : new IOException("the agent at " + name + " failed: " + e.getMessage(), e);
        } catch (AgentError e) {
            c.close();
            throw new IOException("the agent at " + name + ": " + e.getMessage());
        }
    }

    private void measureClock() throws IOException, AgentError {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < CLOCK_ROUNDS; i++) {
            long sent;
            synchronized (out) {
                out.writeByte(ControlOps.CLOCK);
                sent = System.nanoTime();
                out.flush();
            }
            long agentNanos = (Long) expect(ControlOps.CLOCK_REPLY);
            long received = System.nanoTime();
            long roundTrip = received - sent;
            if (roundTrip < best) {
                best = roundTrip;
                offsetNanos = agentNanos - (sent + roundTrip / 2);
                clockUncertaintyNanos = roundTrip / 2;
            }
        }
    }

    /** Our monotonic time at which the agent's clock read {@code agentNanos}. */
    public long toLocalNanos(long agentNanos) {
        return agentNanos - offsetNanos;
    }

    /** Half the best round trip: how far a mapped time can be off. */
    public long clockUncertaintyNanos() {
        return clockUncertaintyNanos;
    }

    public String name() {
        return agentName;
    }

    private void readLoop() {
        dev.jdrill.linux.ThreadPriority.raiseCurrent();
        try {
            while (true) {
                int op = in.readUnsignedByte();
                switch (op) {
                    case ControlOps.RESULT -> {
                        long id = in.readLong();
                        CallOutcome o = ControlCodec.readOutcome(in);
                        results.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(o);
                    }
                    case ControlOps.STARTED -> {
                        CompletableFuture<Void> f = started.remove(in.readLong());
                        if (f != null) {
                            f.complete(null);
                        }
                    }
                    case ControlOps.CLOCK_REPLY, ControlOps.VALUE -> replies.add(new Reply(op, in.readLong()));
                    case ControlOps.MAP -> replies.add(new Reply(op, ControlCodec.readMap(in)));
                    case ControlOps.OK -> replies.add(new Reply(op, null));
                    case ControlOps.ERROR -> {
                        boolean unsupported = in.readBoolean();
                        replies.add(new Reply(op, new AgentError(unsupported, ControlCodec.readString(in))));
                    }
                    case ControlOps.COMMAND_RESULT -> {
                        int status = in.readInt();
                        replies.add(new Reply(op, new CommandOutcome(status, ControlCodec.readString(in))));
                    }
                    default -> throw new IOException("unexpected op " + op + " from the agent");
                }
            }
        } catch (IOException e) {
            failure = "the connection to the agent at " + agentName + " was lost"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } finally {
            replies.add(new Reply(-1, null));
            IOException lost = new IOException(failure == null ? "connection closed" : failure);
            results.values().forEach(f -> f.completeExceptionally(lost));
            started.values().forEach(f -> f.completeExceptionally(lost));
        }
    }

    private Object expect(int op) throws IOException, AgentError {
        Reply r;
        try {
            r = replies.poll(REPLY_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the agent at " + agentName);
        }
        if (r == null) {
            throw new IOException("the agent at " + agentName + " did not answer within 30 s");
        }
        if (r.op() == -1) {
            replies.add(r); // every later request sees the loss too
            throw new IOException(failure == null ? "the agent at " + agentName + " closed the connection" : failure);
        }
        if (r.op() == ControlOps.ERROR) {
            throw (AgentError) r.value();
        }
        if (r.op() != op) {
            throw new IOException("the agent at " + agentName + " answered op " + r.op() + " to a request for " + op);
        }
        return r.value();
    }

    /**
     * Starts a call on the agent, with the future of its outcome (completion times in the agent's clock:
     * see {@link #toLocalNanos}). A non-blocking call is waited for until the agent says it returned (or
     * blocked after all); a blocking one only sent: the agent starts it and lets it block before it
     * reads the next request, so the order of calls holds without a round trip that would delay the
     * script's next event.
     */
    public CompletableFuture<CallOutcome> call(long id, SocketCall call, boolean blocking) throws IOException, AgentError {
        CompletableFuture<CallOutcome> f = results.computeIfAbsent(id, k -> new CompletableFuture<>());
        CompletableFuture<Void> s = started.computeIfAbsent(id, k -> new CompletableFuture<>());
        f.whenComplete((o, t) -> results.remove(id));
        synchronized (out) {
            out.writeByte(ControlOps.CALL);
            out.writeLong(id);
            out.writeBoolean(blocking);
            ControlCodec.writeCall(out, call);
            out.flush();
        }
        if (!blocking) {
            try {
                s.get(REPLY_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("the agent at " + agentName + " did not start " + call.name() + "() within 30 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the agent at " + agentName);
            }
        }
        return f;
    }

    /** The Linux TCP state number of the connection, -1 when the agent's host has none. */
    public int connectionState(InetAddress local, int localPort, InetAddress remote, int remotePort)
            throws IOException, AgentError {
        synchronized (out) {
            out.writeByte(ControlOps.CONNECTION_STATE);
            ControlCodec.writeAddress(out, local);
            out.writeInt(localPort);
            ControlCodec.writeAddress(out, remote);
            out.writeInt(remotePort);
            out.flush();
        }
        return ((Long) expect(ControlOps.VALUE)).intValue();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Long> tcpInfo(int fd) throws IOException, AgentError {
        synchronized (out) {
            out.writeByte(ControlOps.TCP_INFO);
            out.writeInt(fd);
            out.flush();
        }
        return (Map<String, Long>) expect(ControlOps.MAP);
    }

    public void setSysctl(String name, String value) throws IOException, AgentError {
        synchronized (out) {
            out.writeByte(ControlOps.SYSCTL);
            ControlCodec.writeString(out, name);
            ControlCodec.writeString(out, value);
            out.flush();
        }
        expect(ControlOps.OK);
    }

    public CommandOutcome command(String command, String workingDirectory, Map<String, String> environment)
            throws IOException, AgentError {
        synchronized (out) {
            out.writeByte(ControlOps.COMMAND);
            ControlCodec.writeString(out, command);
            ControlCodec.writeString(out, workingDirectory);
            ControlCodec.writeStrings(out, environment);
            out.flush();
        }
        return (CommandOutcome) expect(ControlOps.COMMAND_RESULT);
    }

    /** Ends the session (the agent closes the script's fds) and the connection. Never throws. */
    @Override
    public void close() {
        try {
            synchronized (out) {
                out.writeByte(ControlOps.BYE);
                out.flush();
            }
        } catch (IOException e) {
            // the agent cleans up when the connection drops as well
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
        if (reader.isAlive()) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
