package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.Errno;

/**
 * The send/recv flags the engine honours, and a named SKIP for the ones whose effect it does not
 * model (rather than silently ignoring them). MSG_DONTWAIT turns a sleep into EAGAIN (timeo 0 in
 * sock_sndtimeo / sock_rcvtimeo); MSG_NOSIGNAL changes nothing on the wire; MSG_MORE, MSG_EOR and
 * MSG_ZEROCOPY go to the engine with the send; MSG_FASTOPEN is handled by the caller; MSG_PEEK and
 * MSG_ERRQUEUE are recvs of their own.
 */
final class MessageFlags {
    private MessageFlags() {
    }

    private static final long SEND_OK = SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL
            | SocketConstants.MSG_EOR | SocketConstants.MSG_ZEROCOPY | SocketConstants.MSG_FASTOPEN
            | SocketConstants.MSG_MORE;
    private static final long RECV_OK = SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_PEEK;

    static void checkSend(long flags) throws UnsupportedByTargetException {
        check(flags & ~SEND_OK, "send");
    }

    static void checkRecv(long flags) throws UnsupportedByTargetException {
        check(flags & ~RECV_OK, "recv");
    }

    /** A call that would sleep fails with EAGAIN under MSG_DONTWAIT. */
    static SocketCallResult dontWait(long flags, SocketCallResult r) {
        return (flags & SocketConstants.MSG_DONTWAIT) != 0 && r instanceof SocketCallResult.WouldBlock
                ? new SocketCallResult.Failed(Errno.EAGAIN) : r;
    }

    private static void check(long unmodelled, String call) throws UnsupportedByTargetException {
        if (unmodelled == 0) {
            return;
        }
        for (String name : new String[] {"MSG_OOB", "MSG_MORE", "MSG_WAITALL", "MSG_TRUNC", "MSG_ERRQUEUE",
                "MSG_DONTROUTE", "MSG_PEEK"}) {
            long bit = value(name);
            if ((unmodelled & bit) != 0) {
                throw new UnsupportedByTargetException("the engine does not model " + call + " flag " + name);
            }
        }
        throw new UnsupportedByTargetException("the engine does not model " + call + " flags 0x" + Long.toHexString(unmodelled));
    }

    private static long value(String name) {
        return switch (name) {
            case "MSG_OOB" -> SocketConstants.MSG_OOB;
            case "MSG_MORE" -> SocketConstants.MSG_MORE;
            case "MSG_WAITALL" -> SocketConstants.MSG_WAITALL;
            case "MSG_TRUNC" -> SocketConstants.MSG_TRUNC;
            case "MSG_ERRQUEUE" -> SocketConstants.MSG_ERRQUEUE;
            case "MSG_DONTROUTE" -> SocketConstants.MSG_DONTROUTE;
            default -> SocketConstants.MSG_PEEK;
        };
    }
}
