package dev.jdrill.grammar.catalogue;

/**
 * What a system-call argument is, as far as the interpreter must know to prepare it: which positions
 * hold script fds (mapped to live ones) and what {@code ...} stands for in each position (packetdrill
 * fills in the address family, the local and remote addresses and their lengths).
 */
public enum ArgumentKind {
    /** A script fd, mapped to the live fd. */
    FD,
    /** An integer or flag expression ({@code SOCK_STREAM}, {@code O_NONBLOCK|O_RDWR}). */
    INT,
    /** socket's domain: {@code ...} is the script's address family. */
    FAMILY,
    /** bind's address: {@code ...} is the local address and the script's bind port. */
    LOCAL_ADDRESS,
    /** connect's and sendto's address: {@code ...} is the remote address and the script's connect port. */
    REMOTE_ADDRESS,
    /** The length of the address before it: {@code ...} is the sockaddr's size. */
    ADDRESS_LENGTH,
    /** An address the call writes back (accept, getsockname). */
    ADDRESS_OUT,
    /** A length the call writes back. */
    LENGTH_OUT,
    /** A data buffer: {@code ...} is one of the right size, {@code NULL} (0) is a bad pointer. */
    BUFFER,
    /** A byte count. */
    COUNT,
    /** {@code [{iov_base=..., iov_len=N}, ...]}. */
    IOVEC,
    /** sendmsg's msghdr: a {@code msg_name(...)=...} is the remote address and connect port. */
    MESSAGE_OUT,
    /** recvmsg's msghdr. */
    MESSAGE_IN,
    /** A socket option's or ioctl's value: an integer, {@code [N]} or a struct. */
    OPTION_VALUE,
    /** poll's {@code [{fd=..., events=...}]}: its fds are script fds. */
    POLL_FDS,
    /** epoll_ctl's {@code {events=..., fd=...}}. */
    EPOLL_EVENT,
    /** epoll_wait's events, written back. */
    EPOLL_EVENTS_OUT,
    /** An {@code off_t*}: {@code NULL} or {@code [N]}. */
    OFFSET,
    /** A file name in quotes. */
    PATH,
    /** pipe's {@code [r, w]}: the script's names for the two fds the call creates. */
    FD_PAIR_OUT,
    /** A struct the call reads (cap_set's, the PSP association's). */
    STRUCT
}
