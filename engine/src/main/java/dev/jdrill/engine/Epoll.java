package dev.jdrill.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoll instance (fs/eventpoll.c) over the engine's sockets: level-triggered items report while
 * ready; EPOLLET items report once per wakeup ({@link PollMask#wakeups}); EPOLLONESHOT items report
 * once and are disarmed until EPOLL_CTL_MOD. ADD and MOD queue an item that is ready at once
 * (ep_insert / ep_modify). EPOLLERR and EPOLLHUP are always reported.
 */
final class Epoll {
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;
    static final int EPOLLEXCLUSIVE = 1 << 28;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLLET = 1 << 31;
    /** EP_PRIVATE_BITS: what a fired EPOLLONESHOT item keeps. */
    private static final int PRIVATE_BITS = EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE | (1 << 29);

    /** A registered fd: its interest, and whether it sits on the ready list. */
    private static final class Item {
        final Tcb socket;
        int events;
        long data;
        boolean queued;
        List<Long> heard;

        Item(Tcb socket, int events, long data) {
            this.socket = socket;
            this.events = events;
            this.data = data;
            this.heard = PollMask.wakeups(socket, events);
        }
    }

    /** One reported event: the events and the user data the item was registered with. */
    record Ready(int events, long data) {
    }

    private final Map<Integer, Item> items = new LinkedHashMap<>();

    /** epoll_ctl: the error, or null when it succeeded. */
    dev.jdrill.wire.Errno control(int op, int fd, Tcb socket, int events, long data) {
        Item item = items.get(fd);
        switch (op) {
            case CTL_ADD -> {
                if (item != null) {
                    return dev.jdrill.wire.Errno.EEXIST;
                }
                item = new Item(socket, events, data);
                items.put(fd, item);
                item.queued = ready(item) != 0;
            }
            case CTL_MOD -> {
                if (item == null) {
                    return dev.jdrill.wire.Errno.ENOENT;
                }
                if ((events & EPOLLEXCLUSIVE) != 0 || (item.events & EPOLLEXCLUSIVE) != 0) {
                    return dev.jdrill.wire.Errno.EINVAL;
                }
                item.events = events;
                item.data = data;
                item.heard = PollMask.wakeups(socket, events);
                item.queued = ready(item) != 0;
            }
            case CTL_DEL -> {
                if (item == null) {
                    return dev.jdrill.wire.Errno.ENOENT;
                }
                items.remove(fd);
            }
            default -> {
                return dev.jdrill.wire.Errno.EINVAL;
            }
        }
        return null;
    }

    /** epoll_wait without sleeping: up to {@code max} ready items, in ready-list order. */
    List<Ready> collect(int max) {
        List<Ready> out = new ArrayList<>();
        for (Item item : items.values()) {
            List<Long> now = PollMask.wakeups(item.socket, item.events);
            boolean woken = !now.equals(item.heard);
            item.heard = now;
            int interest = item.events & ~PRIVATE_BITS;
            if (interest == 0) {
                continue; // a fired one-shot item hears nothing until EPOLL_CTL_MOD
            }
            boolean edge = (item.events & (EPOLLET | EPOLLONESHOT)) != 0;
            item.queued |= woken || !edge;
            if (!item.queued || out.size() >= max) {
                continue;
            }
            int revents = ready(item);
            item.queued = false;
            if (revents == 0) {
                continue;
            }
            out.add(new Ready(revents, item.data));
            if ((item.events & EPOLLONESHOT) != 0) {
                item.events &= PRIVATE_BITS;
            }
        }
        return out;
    }

    /** Forgets a closed fd (eventpoll_release). */
    void forget(int fd) {
        items.remove(fd);
    }

    private static int ready(Item item) {
        return PollMask.of(item.socket) & ((item.events & ~PRIVATE_BITS) | PollMask.EPOLLERR | PollMask.EPOLLHUP);
    }
}
