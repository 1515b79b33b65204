package dev.jdrill.grammar.catalogue;

import static dev.jdrill.grammar.catalogue.ArgumentKind.ADDRESS_LENGTH;
import static dev.jdrill.grammar.catalogue.ArgumentKind.ADDRESS_OUT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.BUFFER;
import static dev.jdrill.grammar.catalogue.ArgumentKind.COUNT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.EPOLL_EVENT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.EPOLL_EVENTS_OUT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.FAMILY;
import static dev.jdrill.grammar.catalogue.ArgumentKind.FD;
import static dev.jdrill.grammar.catalogue.ArgumentKind.FD_PAIR_OUT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.INT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.IOVEC;
import static dev.jdrill.grammar.catalogue.ArgumentKind.LENGTH_OUT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.LOCAL_ADDRESS;
import static dev.jdrill.grammar.catalogue.ArgumentKind.MESSAGE_IN;
import static dev.jdrill.grammar.catalogue.ArgumentKind.MESSAGE_OUT;
import static dev.jdrill.grammar.catalogue.ArgumentKind.OFFSET;
import static dev.jdrill.grammar.catalogue.ArgumentKind.OPTION_VALUE;
import static dev.jdrill.grammar.catalogue.ArgumentKind.PATH;
import static dev.jdrill.grammar.catalogue.ArgumentKind.POLL_FDS;
import static dev.jdrill.grammar.catalogue.ArgumentKind.REMOTE_ADDRESS;
import static dev.jdrill.grammar.catalogue.ArgumentKind.STRUCT;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of system calls a script may make (packetdrill's run_system_call.c system_call_table,
 * plus accept4, getsockname, getpeername and epoll_create1, which both targets implement): each call's
 * name, the kind of each argument, the kind of its result and the targets that implement it. The
 * validator accepts exactly these names, the REPL completes them, the planner maps fds and fills in
 * {@code ...} by argument kind, the result check knows which calls return a new fd, and each target
 * SKIPs, naming the call, what its column does not list.
 */
public enum SyscallCatalogue {
    SOCKET("socket", ResultKind.NEW_FD, Implementers.BOTH, FAMILY, INT, INT),
    BIND("bind", ResultKind.STATUS, Implementers.BOTH, FD, LOCAL_ADDRESS, ADDRESS_LENGTH),
    LISTEN("listen", ResultKind.STATUS, Implementers.BOTH, FD, INT),
    ACCEPT("accept", ResultKind.NEW_FD, Implementers.BOTH, FD, ADDRESS_OUT, LENGTH_OUT),
    ACCEPT4("accept4", ResultKind.NEW_FD, Implementers.BOTH, FD, ADDRESS_OUT, LENGTH_OUT, INT),
    CONNECT("connect", ResultKind.STATUS, Implementers.BOTH, FD, REMOTE_ADDRESS, ADDRESS_LENGTH),
    GETSOCKNAME("getsockname", ResultKind.STATUS, Implementers.BOTH, FD, ADDRESS_OUT, LENGTH_OUT),
    GETPEERNAME("getpeername", ResultKind.STATUS, Implementers.BOTH, FD, ADDRESS_OUT, LENGTH_OUT),
    READ("read", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT),
    RECV("recv", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT, INT),
    RECVFROM("recvfrom", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT, INT, ADDRESS_OUT, LENGTH_OUT),
    READV("readv", ResultKind.COUNT, Implementers.LINUX, FD, IOVEC, INT),
    RECVMSG("recvmsg", ResultKind.COUNT, Implementers.BOTH, FD, MESSAGE_IN, INT),
    WRITE("write", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT),
    SEND("send", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT, INT),
    SENDTO("sendto", ResultKind.COUNT, Implementers.BOTH, FD, BUFFER, COUNT, INT, REMOTE_ADDRESS, ADDRESS_LENGTH),
    WRITEV("writev", ResultKind.COUNT, Implementers.LINUX, FD, IOVEC, INT),
    SENDMSG("sendmsg", ResultKind.COUNT, Implementers.BOTH, FD, MESSAGE_OUT, INT),
    SENDFILE("sendfile", ResultKind.COUNT, Implementers.BOTH, FD, FD, OFFSET, COUNT),
    SPLICE("splice", ResultKind.COUNT, Implementers.LINUX, FD, OFFSET, FD, OFFSET, COUNT, INT),
    CLOSE("close", ResultKind.STATUS, Implementers.BOTH, FD),
    SHUTDOWN("shutdown", ResultKind.STATUS, Implementers.BOTH, FD, INT),
    GETSOCKOPT("getsockopt", ResultKind.STATUS, Implementers.BOTH, FD, INT, INT, OPTION_VALUE, LENGTH_OUT),
    SETSOCKOPT("setsockopt", ResultKind.STATUS, Implementers.BOTH, FD, INT, INT, OPTION_VALUE, INT),
    FCNTL("fcntl", ResultKind.VALUE, Implementers.BOTH, FD, INT, INT),
    IOCTL("ioctl", ResultKind.VALUE, Implementers.BOTH, FD, INT, OPTION_VALUE),
    POLL("poll", ResultKind.COUNT, Implementers.BOTH, POLL_FDS, INT, INT),
    EPOLL_CREATE("epoll_create", ResultKind.NEW_FD, Implementers.BOTH, INT),
    EPOLL_CREATE1("epoll_create1", ResultKind.NEW_FD, Implementers.BOTH, INT),
    EPOLL_CTL("epoll_ctl", ResultKind.STATUS, Implementers.BOTH, FD, INT, FD, EPOLL_EVENT),
    EPOLL_WAIT("epoll_wait", ResultKind.COUNT, Implementers.BOTH, FD, EPOLL_EVENTS_OUT, INT, INT),
    OPEN("open", ResultKind.NEW_FD, Implementers.BOTH, PATH, INT),
    PIPE("pipe", ResultKind.STATUS, Implementers.LINUX, FD_PAIR_OUT),
    CAP_SET("cap_set", ResultKind.STATUS, Implementers.NONE, STRUCT),
    PSP_RX_ASSOC("psp_rx_assoc", ResultKind.STATUS, Implementers.NONE, FD, STRUCT),
    PSP_TX_ASSOC("psp_tx_assoc", ResultKind.STATUS, Implementers.NONE, FD, STRUCT);

    /** The targets a call is implemented by; the names are the targets' report names. */
    private static final class Implementers {
        static final Set<String> BOTH = Set.of("engine", "linux");
        static final Set<String> LINUX = Set.of("linux");
        static final Set<String> NONE = Set.of();
    }

    private static final Map<String, SyscallCatalogue> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SyscallCatalogue::callName, Function.identity()));

    private final String callName;
    private final ResultKind result;
    private final Set<String> targets;
    private final List<ArgumentKind> arguments;

    SyscallCatalogue(String callName, ResultKind result, Set<String> targets, ArgumentKind... arguments) {
        this.callName = callName;
        this.result = result;
        this.targets = targets;
        this.arguments = List.of(arguments);
    }

    /** The name scripts write: {@code accept4}. */
    public String callName() {
        return callName;
    }

    public ResultKind result() {
        return result;
    }

    /** The kinds of the arguments, by position; a position past the list is {@link ArgumentKind#INT}. */
    public List<ArgumentKind> arguments() {
        return arguments;
    }

    public ArgumentKind argument(int index) {
        return index < arguments.size() ? arguments.get(index) : INT;
    }

    /** Whether the target with this report name ({@code engine}, {@code linux}) implements the call. */
    public boolean implementedBy(String target) {
        return targets.contains(target);
    }

    public static Optional<SyscallCatalogue> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every call name, for the validator's "did you mean" and the REPL's completion. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The calls a target implements. */
    public static Set<SyscallCatalogue> implementedBy(String target, boolean implemented) {
        EnumSet<SyscallCatalogue> out = EnumSet.noneOf(SyscallCatalogue.class);
        for (SyscallCatalogue c : values()) {
            if (c.implementedBy(target) == implemented) {
                out.add(c);
            }
        }
        return out;
    }
}
