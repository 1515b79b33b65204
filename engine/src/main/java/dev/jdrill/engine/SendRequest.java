package dev.jdrill.engine;

import java.util.List;

/**
 * What a send / sendmsg / write hands tcp_sendmsg: the bytes (as the lengths of the iovec elements,
 * one element for a plain buffer) and the flags that change how they are queued and pushed.
 *
 * @param iov         the iovec element lengths; their sum is the length of the send
 * @param nullBuffer  a non-empty element's base is NULL: the copy faults (EFAULT)
 * @param more        MSG_MORE: more is coming, so hold a partial segment (TCP_NAGLE_CORK for this push)
 * @param endOfRecord MSG_EOR: the last skb of this send takes no bytes of a later one
 * @param zerocopy    MSG_ZEROCOPY: pin the pages instead of copying when the socket has SO_ZEROCOPY
 */
public record SendRequest(List<Long> iov, boolean nullBuffer, boolean more, boolean endOfRecord, boolean zerocopy) {
    public SendRequest {
        iov = List.copyOf(iov);
    }

    /** A plain write of {@code length} bytes from one buffer. */
    public static SendRequest of(long length, boolean nullBuffer) {
        return new SendRequest(List.of(length), nullBuffer, false, false, false);
    }

    public long length() {
        long n = 0;
        for (long l : iov) {
            n += Math.max(l, 0);
        }
        return n;
    }
}
