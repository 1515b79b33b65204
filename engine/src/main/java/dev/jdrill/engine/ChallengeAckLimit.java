package dev.jdrill.engine;

/** The host-wide challenge ACK budget of RFC 5961 (tcp_send_challenge_ack: tcp_challenge_ack_limit per second). */
final class ChallengeAckLimit {
    private long windowStart = Long.MIN_VALUE;
    private long count;

    boolean allow(long nowMicros, long limitPerSecond) {
        if (nowMicros / 1_000_000 != windowStart) {
            windowStart = nowMicros / 1_000_000;
            count = 0;
        }
        if (count >= limitPerSecond) {
            return false;
        }
        count++;
        return true;
    }
}
