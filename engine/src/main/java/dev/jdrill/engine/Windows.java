package dev.jdrill.engine;

/**
 * Receive-window arithmetic: tcp_full_space, tcp_select_initial_window and __tcp_select_window.
 * Buffer accounting counts payload bytes only (the kernel counts skb truesize), so windows shrink
 * a little more slowly than Linux's when the application does not read.
 */
final class Windows {
    private Windows() {
    }

    /** sk_rcvbuf: tcp_rmem[1] by default, twice SO_RCVBUF when the application set it. */
    static long rcvBuf(Tcb t) {
        return t.rcvBuf > 0 ? t.rcvBuf : t.stack.tunables().tcpRmem[1];
    }

    static long sndBuf(Tcb t) {
        return t.sndBuf > 0 ? t.sndBuf : t.stack.tunables().tcpWmem[1];
    }

    /** TCP_RMEM_TO_WIN_SCALE: scaling_ratio is a fraction of 256. */
    static final int RMEM_TO_WIN_SCALE = 8;
    /** TCP_DEFAULT_SCALING_RATIO: half the buffer is window until a segment shows the real overhead. */
    static final int DEFAULT_SCALING_RATIO = 1 << (RMEM_TO_WIN_SCALE - 1);

    /** tcp_win_from_space: the part of {@code space} bytes of buffer that payload can use (scaling_ratio). */
    static long winFromSpace(Tcb t, long space) {
        return Math.max(0, space) * t.scalingRatio >> RMEM_TO_WIN_SCALE;
    }

    /** tcp_full_space. */
    static long fullSpace(Tcb t) {
        return winFromSpace(t, rcvBuf(t));
    }

    /**
     * tcp_select_initial_window: the SYN / SYN-ACK window, a whole number of {@code mss}, and the
     * window clamp. Sets rcvWnd, rcvSsthresh, windowClamp and rcvWscale.
     */
    static void initial(Tcb t, int mss) {
        long space = fullSpace(t);
        long clamp = t.rcvBuf > 0 ? fullSpace(t) : (65535L << 14);
        space = Math.min(space, clamp);
        if (space > mss) {
            space = space / mss * mss;
        }
        t.rcvWnd = space;
        t.rcvWscale = t.wscaleOk ? Options.initialRcvWscale(t) : 0;
        t.windowClamp = Math.min(65535L << t.rcvWscale, clamp);
        t.rcvSsthresh = Math.min(t.rcvWnd, t.windowClamp);
    }

    /**
     * tcp_init_buffer_space (at tcp_init_transfer): clamp the window to the buffer, keep 1/2^app_win
     * of it for the application and reserve one segment, then cap rcv_ssthresh. Without window
     * scaling this is what makes the kernel offer 64240 - unread rather than a fresh multiple of the
     * MSS: the clamp (65536 - 1460) pulls the computed window below the right edge already offered.
     */
    static void initBufferSpace(Tcb t) {
        int appWin = t.stack.tunables().tcpAppWin;
        long advMss = t.advMss - (t.tsOk ? Options.TS_ALIGNED : 0);
        long maxWin = fullSpace(t);
        if (t.windowClamp >= maxWin) {
            t.windowClamp = maxWin;
            if (appWin > 0 && maxWin > 4 * advMss) {
                t.windowClamp = Math.max(maxWin - (maxWin >> appWin), 4 * advMss);
            }
        }
        if (appWin > 0 && t.windowClamp > 2 * advMss && t.windowClamp + advMss > maxWin) {
            t.windowClamp = Math.max(2 * advMss, maxWin - advMss);
        }
        t.rcvSsthresh = Math.min(t.rcvSsthresh, t.windowClamp);
    }

    /** tcp_space: what the receive buffer can still take, as window. */
    static long freeSpace(Tcb t) {
        return winFromSpace(t, rcvBuf(t) - t.rmemAlloc);
    }

    /** __tcp_select_window: the window to offer now, in bytes, before scaling. */
    static long select(Tcb t) {
        long mss = Math.max(1, t.rcvMss);
        long free = freeSpace(t);
        long allowed = fullSpace(t);
        long full = Math.min(t.windowClamp, allowed);
        if (mss > full) {
            mss = full;
            if (mss <= 0) {
                return 0;
            }
        }
        if (free < (full >> 1)) {
            t.quickAcks = 0;
            free = free >> t.rcvWscale << t.rcvWscale;
            if (free < (allowed >> 4) || free < mss) {
                return 0;
            }
        }
        free = Math.min(free, t.rcvSsthresh);
        if (t.rcvWscale > 0) {
            long unit = 1L << t.rcvWscale;
            return (free + unit - 1) / unit * unit;
        }
        long window = t.rcvWnd;
        if (window <= free - mss || window > free) {
            window = free / mss * mss;
        } else if (mss == full && free > window + (full >> 1)) {
            window = free;
        }
        return window;
    }

    /**
     * tcp_select_window: never shrink the right edge already offered, remember what was offered
     * (rcv_wnd, rcv_wup), and return the scaled 16-bit field.
     */
    static int selectForSegment(Tcb t) {
        long cur = currentWindow(t);
        long next = select(t);
        if (next < cur) {
            // RFC 7323 2.4: keep the right edge; round up to the scale unit.
            long unit = 1L << t.rcvWscale;
            next = (cur + unit - 1) / unit * unit;
        }
        next = Math.min(next, 65535L << t.rcvWscale);
        t.rcvWnd = next;
        t.rcvWup = t.rcvNxt;
        return (int) (next >> t.rcvWscale);
    }

    /** tcp_receive_window: what is left of the window last offered. */
    static long currentWindow(Tcb t) {
        long win = dev.jdrill.wire.SeqNum.diff(dev.jdrill.wire.SeqNum.add(t.rcvWup, t.rcvWnd), t.rcvNxt);
        return Math.max(0, win);
    }

    /**
     * The truesize of a received skb as a TUN device allocates it: payload plus headers and
     * skb_shared_info rounded up to a kmalloc bucket, plus struct sk_buff (2304 for a full segment).
     */
    static long truesize(long len) {
        long data = len + 66 + 320;
        long bucket = Long.highestOneBit(Math.max(1, data - 1)) << 1;
        return bucket + 256;
    }

    /**
     * The scaling_ratio half of tcp_measure_rcv_mss: a segment of a new full size tells how much of
     * its truesize is payload; when that ratio changes, the window clamp follows the buffer
     * (tcp_set_window_clamp). With a 1000-byte segment on a TUN device the ratio falls from 128 to
     * 111, so the clamp drops from 64076 to 56832 and, since the right edge already offered is never
     * pulled back, the next ACKs keep it (63240 after 1000 bytes where 64000 would be a fresh
     * multiple of the MSS; verified on 6.18).
     */
    static void measureScalingRatio(Tcb t, int len) {
        if (len == t.rcvMss) {
            return;
        }
        long ratio = ((long) len << RMEM_TO_WIN_SCALE) / truesize(len);
        int old = t.scalingRatio;
        t.scalingRatio = (int) Math.max(1, Math.min(ratio, 255));
        if (old != t.scalingRatio) {
            setWindowClamp(t, winFromSpace(t, rcvBuf(t)));
        }
    }

    /** tcp_set_window_clamp for a non-zero value. */
    static void setWindowClamp(Tcb t, long val) {
        long newClamp = Math.max(SOCK_MIN_RCVBUF / 2, val);
        if (newClamp == t.windowClamp) {
            return;
        }
        long oldClamp = t.windowClamp;
        t.windowClamp = newClamp;
        if (newClamp < oldClamp) {
            // __tcp_adjust_rcv_ssthresh (no reserved memory in the model).
            t.rcvSsthresh = Math.min(t.rcvSsthresh, newClamp);
        } else {
            t.rcvSsthresh = Math.max(Math.min(t.rcvWnd, t.windowClamp), t.rcvSsthresh);
        }
    }

    /** SOCK_MIN_RCVBUF: 2 * (2048 + sizeof(struct sk_buff)) rounded as the kernel does. */
    private static final long SOCK_MIN_RCVBUF = 2 * (2048 + 256);

    /**
     * tcp_grow_window for an in-order segment of {@code len} bytes: rcv_ssthresh may grow by two
     * advertised MSS (or twice the segment) while there is room below the clamp and the free space,
     * if a segment with this overhead would still fit the buffer at the largest window
     * (__tcp_grow_window).
     */
    static void grow(Tcb t, int len) {
        long room = Math.min(t.windowClamp, freeSpace(t)) - t.rcvSsthresh;
        if (room <= 0) {
            return;
        }
        long truesize = truesize(len);
        long incr;
        if (winFromSpace(t, truesize) <= len) {
            incr = 2L * t.advMss;
        } else {
            incr = 0;
            long half = winFromSpace(t, truesize) >> 1;
            long window = winFromSpace(t, t.stack.tunables().tcpRmem[2]) >> 1;
            while (t.rcvSsthresh <= window) {
                if (half <= len) {
                    incr = 2L * t.rcvMss;
                    break;
                }
                half >>= 1;
                window >>= 1;
            }
        }
        if (incr > 0) {
            incr = Math.max(incr, 2L * len);
            t.rcvSsthresh += Math.min(room, incr);
            t.quickAcks |= 1;
        }
    }
}
