package dev.jdrill.target.remote.control;

/**
 * The control connection between jdrill and its agent. jdrill opens it and sends {@link #MAGIC} and the
 * shared token; the agent answers {@link #WELCOME} or {@link #REFUSED} and closes. After that every
 * message is one op byte and its fields (see {@link ControlCodec}); each request gets exactly one reply,
 * in order, except that a call's {@link #RESULT} comes whenever the call returns (a blocking call's may
 * come much later, between other replies).
 */
public final class ControlOps {
    /** First bytes from jdrill: protocol name and version. Anything else is refused. */
    public static final byte[] MAGIC = "JDRILL-AGENT/1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    // jdrill -> agent
    /** Session set-up: boolean ipv4-mapped-ipv6. Reply OK. */
    public static final int START = 1;
    /** Reply CLOCK_REPLY with the agent's monotonic clock in nanoseconds. */
    public static final int CLOCK = 2;
    /** long id, boolean blocking, call. Reply STARTED(id) once it returned or blocked, RESULT(id) when it returns. */
    public static final int CALL = 3;
    /** local address, port, remote address, port. Reply VALUE (Linux TCP state number, -1 for none). */
    public static final int CONNECTION_STATE = 4;
    /** int fd. Reply MAP (tcp_info) or ERROR. */
    public static final int TCP_INFO = 5;
    /** name, value. Reply OK or ERROR. */
    public static final int SYSCTL = 6;
    /** command, working directory, environment. Reply COMMAND_RESULT or ERROR. */
    public static final int COMMAND = 7;
    /** End of the session: the agent closes the script's fds and restores sysctls. No reply. */
    public static final int BYE = 8;

    // agent -> jdrill
    public static final int WELCOME = 101;
    /** string reason; the connection closes. */
    public static final int REFUSED = 102;
    public static final int CLOCK_REPLY = 103;
    public static final int STARTED = 104;
    public static final int RESULT = 105;
    public static final int VALUE = 106;
    public static final int MAP = 107;
    public static final int OK = 108;
    /** boolean unsupported (a SKIP rather than a failure), string message. */
    public static final int ERROR = 109;
    public static final int COMMAND_RESULT = 110;

    private ControlOps() {
    }
}
