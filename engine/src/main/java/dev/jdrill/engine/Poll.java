package dev.jdrill.engine;

import java.util.OptionalInt;

/**
 * poll(2) over the engine's fds (fs/select.c do_pollfd): each entry's revents is the file's poll
 * mask filtered by its requested events plus POLLERR and POLLHUP, which are always reported; an fd
 * that is not open reports POLLNVAL and a negative fd is ignored. poll returns how many entries have
 * a non-zero revents; with none it sleeps, which the caller models by retrying after every state
 * change until the timeout.
 */
final class Poll {
    static final int POLLNVAL = 0x020;
    /** DEFAULT_POLLMASK: what a file without a poll method (a regular file) reports. */
    static final int DEFAULT_POLLMASK = PollMask.EPOLLIN | PollMask.EPOLLOUT | PollMask.EPOLLRDNORM | PollMask.EPOLLWRNORM;

    private Poll() {
    }

    /**
     * The raw poll mask of {@code fd}, before filtering: tcp_poll for a socket, POLLNVAL for an fd
     * that is not open; empty for an epoll instance, whose own readiness the engine does not model.
     */
    static OptionalInt mask(TcpStack stack, int fd) {
        Tcb t = stack.fds.get(fd);
        if (t != null) {
            return OptionalInt.of(PollMask.of(t));
        }
        if (stack.files.containsKey(fd)) {
            return OptionalInt.of(DEFAULT_POLLMASK);
        }
        if (stack.epolls.containsKey(fd)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(POLLNVAL);
    }

    /** do_pollfd: the revents of one entry. */
    static int revents(int mask, int fd, int events) {
        if (fd < 0) {
            return 0;
        }
        if (mask == POLLNVAL) {
            return POLLNVAL;
        }
        return mask & ((events & 0xffff) | PollMask.EPOLLERR | PollMask.EPOLLHUP);
    }
}
