package dev.jdrill.engine;

/**
 * The send-side chronographs of tcp_info (tcp_chrono_start / tcp_chrono_stop / tcp_chrono_set): how
 * long the socket had data to send (busy), and how much of that it was held back by the peer's
 * window (rwnd limited) or its own send buffer (sndbuf limited). One chronograph runs at a time, the
 * most interesting one: a condition that starts replaces a less interesting one; a condition that
 * stops falls back to busy while data is queued, and to nothing once both queues are empty.
 */
final class Chrono {
    static final int UNSPEC = 0;
    static final int BUSY = 1;
    static final int RWND_LIMITED = 2;
    static final int SNDBUF_LIMITED = 3;

    private int type = UNSPEC;
    private long startMicros;
    /** chrono_stat[type - 1], in microseconds. */
    private final long[] stat = new long[3];

    void start(int newType, long now) {
        if (newType > type) {
            set(newType, now);
        }
    }

    void stop(Tcb t, int stoppedType, long now) {
        if (t.sendQueue.isEmpty()) {
            set(UNSPEC, now);
        } else if (stoppedType == type) {
            set(BUSY, now);
        }
    }

    private void set(int newType, long now) {
        if (type > UNSPEC) {
            stat[type - 1] += now - startMicros;
        }
        startMicros = now;
        type = newType;
    }

    /** tcp_get_info_chrono_stats: the time in {@code which} so far, the running span included. */
    long micros(int which, long now) {
        return stat[which - 1] + (which == type ? now - startMicros : 0);
    }

    /** tcpi_busy_time: every chronograph together. */
    long busyMicros(long now) {
        return micros(BUSY, now) + micros(RWND_LIMITED, now) + micros(SNDBUF_LIMITED, now);
    }
}
