package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import org.junit.jupiter.api.Test;

/** poll() over tcp_poll's mask (corpus fastopen/client/poll.pkt, checked on Linux 6.18). */
class PollTest {
    private static final int POLLIN = 0x1;
    private static final int POLLOUT = 0x4;
    private static final int POLLERR = 0x8;
    private static final int POLLHUP = 0x10;

    private static int[] poll(Drill d, int fd, int events, boolean blocking, SocketCallResult expected) {
        int[] revents = new int[1];
        assertThat(d.stack.poll(new int[] {fd}, new int[] {events}, revents, blocking, d.now)).isEqualTo(expected);
        return revents;
    }

    @Test
    void aConnectingSocketIsNotReadyUntilTheHandshakeAndARstMakesItErrAndHup() {
        Drill d = new Drill();
        int fd = d.socket();
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now));
        assertThat(d.stack.connect(fd, new Endpoint(Drill.REMOTE, d.remotePort), d.now))
                .isEqualTo(new SocketCallResult.Failed(Errno.EINPROGRESS));
        d.localPort = d.stack.localOf(fd).orElseThrow().port();
        d.out("S 0:0(0) <...>");
        int all = POLLIN | POLLOUT | POLLERR | POLLHUP;
        assertThat(poll(d, fd, all, true, SocketCallResult.WOULD_BLOCK)[0]).isZero();
        assertThat(poll(d, fd, all, false, new SocketCallResult.Done(0))[0]).isZero();
        d.plus(0.01).in("R. 0:0(0) ack 1 win 0");
        assertThat(poll(d, fd, all, true, new SocketCallResult.Done(1))[0]).isEqualTo(all);
        // POLLERR and POLLHUP are reported even when not asked for.
        assertThat(poll(d, fd, POLLIN, true, new SocketCallResult.Done(1))[0]).isEqualTo(POLLIN | POLLERR | POLLHUP);
    }

    @Test
    void anEstablishedSocketIsWritableAndANegativeFdIsIgnored() {
        Drill d = new Drill();
        int fd = d.connectedSocket("<mss 1460>");
        assertThat(poll(d, fd, POLLIN | POLLOUT, true, new SocketCallResult.Done(1))[0]).isEqualTo(POLLOUT);
        assertThat(poll(d, -1, POLLIN, false, new SocketCallResult.Done(0))[0]).isZero();
    }
}
