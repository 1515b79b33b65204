package dev.jdrill.engine;

import java.util.OptionalLong;

/**
 * One entry of a socket's error queue, as recvmsg(MSG_ERRQUEUE) hands it out: the {@code struct
 * sock_extended_err} of the IP_RECVERR / IPV6_RECVERR control message and, for a TX timestamp, the
 * software time of the SCM_TIMESTAMPING control message that comes before it.
 *
 * @param errno       ee_errno (0 for a zerocopy completion, ENOMSG for a timestamp)
 * @param origin      ee_origin: {@link #ORIGIN_ZEROCOPY} or {@link #ORIGIN_TIMESTAMPING}
 * @param type        ee_type
 * @param code        ee_code ({@link #CODE_ZEROCOPY_COPIED} when the data was copied after all)
 * @param info        ee_info: the first zerocopy id of the range, or the SCM_TSTAMP_* kind
 * @param data        ee_data: the last zerocopy id of the range, or the timestamp key (OPT_ID)
 * @param timestampMicros the time the event happened, for a timestamp; empty otherwise
 */
public record ExtendedError(int errno, int origin, int type, int code, long info, long data,
        OptionalLong timestampMicros) {
    /** SO_EE_ORIGIN_TIMESTAMPING. */
    public static final int ORIGIN_TIMESTAMPING = 4;
    /** SO_EE_ORIGIN_ZEROCOPY. */
    public static final int ORIGIN_ZEROCOPY = 5;
    /** SO_EE_CODE_ZEROCOPY_COPIED. */
    public static final int CODE_ZEROCOPY_COPIED = 1;

    ExtendedError withData(long newData) {
        return new ExtendedError(errno, origin, type, code, info, newData, timestampMicros);
    }
}
