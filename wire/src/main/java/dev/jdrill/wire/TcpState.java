package dev.jdrill.wire;

import java.util.Optional;

/**
 * TCP connection states named as RFC 9293 and Linux name them, with Linux's numbering (the values of
 * {@code tcpi_state} and of sock_diag's {@code idiag_state}). {@link #CLOSED} also stands for "no such
 * socket". Shared by the engine, the linux target and the interpreter's {@code state} assertions.
 */
public enum TcpState {
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    TIME_WAIT(6),
    CLOSED(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11);

    /** Linux's TCP_NEW_SYN_RECV: a request socket, which scripts (and RFC 9293) call SYN_RECV. */
    public static final int LINUX_NEW_SYN_RECV = 12;

    private final int linuxNumber;

    TcpState(int linuxNumber) {
        this.linuxNumber = linuxNumber;
    }

    public int linuxNumber() {
        return linuxNumber;
    }

    public static Optional<TcpState> fromLinux(int number) {
        if (number == LINUX_NEW_SYN_RECV) {
            return Optional.of(SYN_RECV);
        }
        for (TcpState s : values()) {
            if (s.linuxNumber == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Accepts script spellings: {@code FIN_WAIT2}, {@code FIN_WAIT_2}, {@code TCP_FIN_WAIT2}, {@code CLOSE}. */
    public static Optional<TcpState> fromName(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("TCP_")) {
            n = n.substring(4);
        }
        n = switch (n) {
            case "FIN_WAIT_1" -> "FIN_WAIT1";
            case "FIN_WAIT_2" -> "FIN_WAIT2";
            case "CLOSE" -> "CLOSED";
            case "SYN_RECEIVED" -> "SYN_RECV";
            case "NEW_SYN_RECV" -> "SYN_RECV";
            default -> n;
        };
        try {
            return Optional.of(valueOf(n));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
