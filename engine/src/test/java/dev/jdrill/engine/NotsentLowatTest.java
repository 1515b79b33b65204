package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * TCP_NOTSENT_LOWAT and net.ipv4.tcp_notsent_lowat (tcp_stream_memory_free): a socket is writable
 * only while write_seq - snd_nxt is below the mark, and a non-blocking write stops at the first new
 * skb past it. Cut from notsent_lowat/notsent-lowat-{setsockopt,sysctl}.pkt, which pass on 6.18.
 */
class NotsentLowatTest {
    private static final int O_NONBLOCK = 04000;

    private static boolean writable(Drill d, int fd) {
        return (d.stack.pollMask(fd, d.now).orElseThrow() & PollMask.EPOLLOUT) != 0;
    }

    /** Sends 10000 (cwnd 10), fills the split skb to the 16000 size goal, then stops: 26000 taken. */
    private static void writeUnderLowat(Drill d, int fd) {
        Drill.done(d.stack.setFileStatusFlags(fd, O_NONBLOCK, d.now));
        assertThat(Drill.done(d.stack.write(fd, 59000, d.now))).isEqualTo(26000);
        d.out("P. 1:10001(10000) ack 1");
        assertThat(writable(d, fd)).isFalse();
        for (int acked = 2001; acked <= 6001; acked += 2000) {
            d.plus(0.01).in(". 1:1(0) ack " + acked + " win 257");
            long from = 10001 + 2L * (acked - 2001); // cwnd grows by one MSS per MSS acked
            d.out("P. " + from + ":" + (from + 4000) + "(4000) ack 1");
            assertThat(writable(d, fd)).as("notsent still >= 4000 after ack %d", acked).isFalse();
        }
        d.plus(0.01).in(". 1:1(0) ack 8001 win 257");
        d.out("P. 22001:26001(4000) ack 1");
        assertThat(writable(d, fd)).isTrue();
    }

    @Test
    void theSocketOptionHoldsWritesAndPollout() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        assertThat(Drill.done(d.stack.getsockopt(fd, SocketOption.TCP_NOTSENT_LOWAT, d.now))).isZero();
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_NOTSENT_LOWAT, 4000, d.now));
        assertThat(Drill.done(d.stack.getsockopt(fd, SocketOption.TCP_NOTSENT_LOWAT, d.now))).isEqualTo(4000);
        writeUnderLowat(d, fd);
    }

    @Test
    void theSysctlAppliesWhenTheOptionIsZero() {
        Tunables k = new Tunables();
        k.set("net.ipv4.tcp_notsent_lowat", "4000");
        Drill d = new Drill(k);
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        assertThat(Drill.done(d.stack.getsockopt(fd, SocketOption.TCP_NOTSENT_LOWAT, d.now))).isZero();
        writeUnderLowat(d, fd);
    }

    @Test
    void withoutAMarkANonBlockingWriteTakesWhatTheBufferHolds() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        Drill.done(d.stack.setFileStatusFlags(fd, O_NONBLOCK, d.now));
        assertThat(Drill.done(d.stack.write(fd, 20000, d.now))).isEqualTo(20000);
        assertThat(writable(d, fd)).isTrue();
    }
}
