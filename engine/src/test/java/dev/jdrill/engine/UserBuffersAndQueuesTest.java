package dev.jdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.wire.Errno;
import org.junit.jupiter.api.Test;

/**
 * NULL user buffers (EFAULT), the queue-size ioctls and SO_ZEROCOPY. Errno orderings verified on
 * 6.18 with ctypes calls on real sockets; corpus: syscall_bad_arg/syscall-invalid-buf-ptr.pkt,
 * validate/validate-established-no-flags.pkt, syscall_bad_arg/sendmsg-empty-iov.pkt.
 */
class UserBuffersAndQueuesTest {
    private static final String PEER_SYN = "<mss 1000,sackOK,nop,nop,nop,wscale 10>";
    private static final SocketCallResult EFAULT = new SocketCallResult.Failed(Errno.EFAULT);

    @Test
    void nullBuffersFaultAfterTheOtherChecksAndLeaveTheQueuesAlone() {
        Drill d = new Drill();
        int fd = d.acceptedConnection(PEER_SYN);
        assertThat(d.stack.write(fd, 1000, true, d.now)).isEqualTo(EFAULT);
        assertThat(d.stack.write(fd, 0, true, d.now)).isEqualTo(new SocketCallResult.Done(0));
        d.quietUntil(0.5);                                      // nothing was queued, nothing is sent
        Drill.done(d.stack.setFileStatusFlags(fd, SocketApi.O_NONBLOCK, d.now));
        assertThat(d.stack.read(fd, 1000, true, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.EAGAIN));
        d.in(". 1:1001(1000) ack 1 win 514");
        d.out(". 1:1(0) ack 1001");
        assertThat(d.stack.read(fd, 1000, true, d.now)).isEqualTo(EFAULT);
        assertThat(d.stack.read(fd, 0, true, d.now)).isEqualTo(new SocketCallResult.Done(0));
        assertThat(d.stack.queueSize(fd, QueueSize.UNREAD, d.now)).isEqualTo(new SocketCallResult.Done(1000));
        assertThat(d.stack.read(fd, 1000, false, d.now)).isEqualTo(new SocketCallResult.Done(1000));
        Drill.done(d.stack.shutdown(fd, 1, d.now));
        d.out("F. 1:1(0) ack 1001");
        assertThat(d.stack.write(fd, 1000, true, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.EPIPE));
    }

    @Test
    void queueIoctlsCountUnreadUnackedAndUnsentBytes() {
        Drill d = new Drill();
        int lfd = d.listener(1);
        assertThat(d.stack.queueSize(lfd, QueueSize.UNREAD, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.EINVAL));
        assertThat(d.stack.queueSize(lfd, QueueSize.UNACKED, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.EINVAL));
        d.in("S 0:0(0) win 20000 <mss 1000,sackOK,nop,nop>");
        d.out("S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK>");
        d.plus(0.01).in(". 1:1(0) ack 1 win 20000");
        int fd = (int) Drill.done(d.stack.accept(lfd, d.now));
        d.plus(0.01).in("- 1:1001(1000) win 20000");           // no ACK flag: dropped
        assertThat(d.stack.queueSize(fd, QueueSize.UNREAD, d.now)).isEqualTo(new SocketCallResult.Done(0));
        d.plus(0.01).in(". 1:1001(1000) ack 1 win 20000");
        d.out(". 1:1(0) ack 1001");
        assertThat(d.stack.queueSize(fd, QueueSize.UNREAD, d.now)).isEqualTo(new SocketCallResult.Done(1000));
        Drill.done(d.stack.write(fd, 3000, d.now));
        d.out("P. 1:3001(3000) ack 1001");                     // one TSO burst
        assertThat(d.stack.queueSize(fd, QueueSize.UNACKED, d.now)).isEqualTo(new SocketCallResult.Done(3000));
        assertThat(d.stack.queueSize(fd, QueueSize.UNSENT, d.now)).isEqualTo(new SocketCallResult.Done(0));
        d.plus(0.01).in(". 1001:1001(0) ack 2001 win 20000");
        assertThat(d.stack.queueSize(fd, QueueSize.UNACKED, d.now)).isEqualTo(new SocketCallResult.Done(1000));
    }

    @Test
    void zerocopyIsABooleanOption() {
        Drill d = new Drill();
        int fd = d.socket();
        assertThat(d.stack.setsockopt(fd, SocketOption.SO_ZEROCOPY, 2, d.now)).isEqualTo(new SocketCallResult.Failed(Errno.EINVAL));
        Drill.done(d.stack.setsockopt(fd, SocketOption.SO_ZEROCOPY, 1, d.now));
        assertThat(d.stack.getsockopt(fd, SocketOption.SO_ZEROCOPY, d.now)).isEqualTo(new SocketCallResult.Done(1));
    }
}
