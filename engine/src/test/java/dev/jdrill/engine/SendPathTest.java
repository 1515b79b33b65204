package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a send is queued and pushed (tcp_sendmsg_locked, tcp_push, tcp_nagle_test, tcp_write_wakeup):
 * MSG_EOR, MSG_MORE, TCP_CORK with TCP_NODELAY, and MSG_ZEROCOPY's frags. Each scenario is a corpus
 * script (named) that passes on 6.18, cut down to the segments that show the behaviour.
 */
class SendPathTest {

    private static SendRequest send(long length, boolean more, boolean eor, boolean zerocopy) {
        return new SendRequest(List.of(length), false, more, eor, zerocopy);
    }

    /** eor/no-coalesce-small.pkt: the 400 B EOR send joins the 400 B tail, but nothing joins it. */
    @Test
    void nothingIsAppendedToAnEndOfRecordSkb() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnection("<mss 1000,sackOK,nop,nop,nop,wscale 10>");
        d.in(". 1:1(0) ack 1 win 514");
        Drill.done(d.stack.write(fd, 10400, d.now));
        d.out("P. 1:10001(10000) ack 1");
        Drill.done(d.stack.send(fd, send(400, false, true, false), d.now));
        Drill.done(d.stack.write(fd, 10000, d.now));
        d.plus(0.001).in(". 1:1(0) ack 10001 win 514");
        d.out("P. 10001:10801(800) ack 1");
        d.out("P. 10801:20801(10000) ack 1");
    }

    /**
     * nagle/sendmsg_msg_more.pkt: MSG_MORE holds a partial segment even under TCP_NODELAY; with
     * nothing in flight the probe timer (max(RTO, 200 ms) = 210 ms after a 10 ms RTT) sends it with
     * PSH; a later send without MSG_MORE pushes all that waits.
     */
    @Test
    void msgMoreCorksUntilTheProbeTimerOrAPlainSend() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,nop,wscale 7>");
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_NODELAY, 1, d.now));
        Drill.done(d.stack.send(fd, send(40, true, false, false), d.now));
        d.outAt(0.22, 0.005, "P. 1:41(40) ack 1");
        d.plus(0.01).in(". 1:1(0) ack 41 win 257");
        Drill.done(d.stack.send(fd, send(100, true, false, false), d.now));
        d.quietUntil(d.now / 1e6 + 0.02);
        Drill.done(d.stack.send(fd, send(5, false, false, false), d.now));
        d.out("P. 41:146(105) ack 1");
    }

    /** nagle/sockopt_cork_nodelay.pkt: TCP_NODELAY under TCP_CORK pushes what was corked. */
    @Test
    void noDelayPushesCorkedData() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,nop,wscale 7>");
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_CORK, 1, d.now));
        Drill.done(d.stack.write(fd, 40, d.now));
        d.plus(0.05);
        Drill.done(d.stack.write(fd, 40, d.now));
        d.quietUntil(d.now / 1e6 + 0.01);
        Drill.done(d.stack.setsockopt(fd, SocketOption.TCP_NODELAY, 1, d.now));
        d.out("P. 1:81(80) ack 1");
    }

    /** zerocopy/maxfrags.pkt: each iovec element is a frag; an skb out of its 17 frags is pushed. */
    @Test
    void aZerocopySkbHoldsSeventeenFrags() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnection("<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        Drill.done(d.stack.setsockopt(fd, SocketOption.SO_ZEROCOPY, 1, d.now));
        List<Long> iov = new ArrayList<>(Collections.nCopies(18, 1L));
        Drill.done(d.stack.send(fd, new SendRequest(iov, false, false, false, true), d.now));
        d.out("P. 1:18(17) ack 1");
        d.in(". 1:1(0) ack 18 win 257");
        d.out("P. 18:19(1) ack 1");
    }

    /**
     * zerocopy/basic.pkt and batch.pkt: every zerocopy send takes the next id; completions that
     * follow each other merge into one range; a send that fails gives its id back (closed.pkt).
     */
    @Test
    void zerocopyCompletionsMergeIntoRanges() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnection("<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        Drill.done(d.stack.setsockopt(fd, SocketOption.SO_ZEROCOPY, 1, d.now));
        Drill.done(d.stack.send(fd, send(4000, false, false, true), d.now));
        d.out("P. 1:4001(4000) ack 1");
        d.in(". 1:1(0) ack 4001 win 257");
        Drill.done(d.stack.send(fd, send(4000, false, false, true), d.now));
        d.out("P. 4001:8001(4000) ack 1");
        d.in(". 1:1(0) ack 8001 win 257");
        List<ExtendedError> read = new ArrayList<>();
        Drill.done(d.stack.readErrorQueue(fd, read::add, d.now));
        assertThat(read).singleElement().satisfies(e -> {
            assertThat(e.origin()).isEqualTo(ExtendedError.ORIGIN_ZEROCOPY);
            assertThat(e.code()).isEqualTo(ExtendedError.CODE_ZEROCOPY_COPIED);
            assertThat(e.info()).isZero();
            assertThat(e.data()).isEqualTo(1);
        });
        assertThat(d.stack.readErrorQueue(fd, read::add, d.now))
                .isEqualTo(new SocketCallResult.Failed(dev.jdrill.wire.Errno.EAGAIN));

        int fresh = d.socket();
        Drill.done(d.stack.setsockopt(fresh, SocketOption.SO_ZEROCOPY, 1, d.now));
        assertThat(d.stack.send(fresh, send(4000, false, false, true), d.now))
                .isEqualTo(new SocketCallResult.Failed(dev.jdrill.wire.Errno.EPIPE));
    }

    /**
     * timestamping/server.pkt: OPT_ID keys count bytes from snd_una at setsockopt; SCHED and SND when
     * the tagged last byte of a write is sent, ACK when it is acknowledged.
     */
    @Test
    void txTimestampsTagTheLastByteOfEachWrite() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnectionAfter(0.01, "<mss 1000,sackOK,nop,nop,nop,wscale 10>");
        Drill.done(d.stack.setsockopt(fd, SocketOption.SO_TIMESTAMPING,
                Timestamping.TX_SCHED | Timestamping.TX_SOFTWARE | Timestamping.TX_ACK | 16 | Timestamping.OPT_ID, d.now));
        Drill.done(d.stack.write(fd, 2000, d.now));
        d.out("P. 1:2001(2000) ack 1");
        d.plus(0.01).in(". 1:1(0) ack 2001 win 514");
        List<ExtendedError> read = new ArrayList<>();
        while (d.stack.readErrorQueue(fd, read::add, d.now) instanceof SocketCallResult.Done) {
            // drain
        }
        assertThat(read).extracting(ExtendedError::info, ExtendedError::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple((long) Timestamping.SCM_TSTAMP_SCHED, 1999L),
                        org.assertj.core.groups.Tuple.tuple((long) Timestamping.SCM_TSTAMP_SND, 1999L),
                        org.assertj.core.groups.Tuple.tuple((long) Timestamping.SCM_TSTAMP_ACK, 1999L));
        assertThat(read.get(2).timestampMicros()).hasValue(20_000L);
    }

    /** epoll/epoll_in_edge.pkt: an EPOLLET item reports once per arrival of data, not while data waits. */
    @Test
    void anEdgeTriggeredItemReportsOncePerWakeup() {
        Drill d = new Drill();
        d.at(0);
        int fd = d.acceptedConnection("<mss 1000,sackOK,nop,nop,nop,wscale 7>");
        int ep = (int) Drill.done(d.stack.epollCreate(d.now));
        Drill.done(d.stack.epollCtl(ep, Epoll.CTL_ADD, fd, PollMask.EPOLLIN | PollMask.EPOLLOUT | Epoll.EPOLLET, fd, d.now));
        assertThat(events(d, ep)).containsExactly(PollMask.EPOLLOUT);
        assertThat(events(d, ep)).isEmpty();
        d.in("P. 1:4001(4000) ack 1 win 257");
        assertThat(events(d, ep)).containsExactly(PollMask.EPOLLIN | PollMask.EPOLLOUT);
        assertThat(events(d, ep)).isEmpty();
        Drill.done(d.stack.read(fd, 1000, d.now));
        assertThat(events(d, ep)).isEmpty();
    }

    private static List<Integer> events(Drill d, int ep) {
        List<Integer> got = new ArrayList<>();
        Drill.done(d.stack.epollWait(ep, 1, false, (events, data) -> got.add(events), d.now));
        return got;
    }
}
