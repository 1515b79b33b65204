package dev.jdrill.linux;

/** Linux x86-64 values from the kernel/C headers this module needs (the socket API's own are the caller's). */
final class KernelConstants {
    private KernelConstants() {
    }

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;

    static final int CLONE_NEWNET = 0x40000000;
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static final short POLLIN = 0x001;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    // <linux/if_tun.h>
    static final long TUNSETIFF = 0x400454caL;
    static final long TUNSETOFFLOAD = 0x400454d0L;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_VNET_HDR = 0x4000;
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    static final int TUN_F_TSO6 = 0x04;
    static final int TUN_F_TSO_ECN = 0x08;
    /** sizeof(struct virtio_net_hdr) without the mergeable-buffers field. */
    static final int VIRTIO_NET_HDR_LENGTH = 10;
    static final int IFNAMSIZ = 16;
    static final int SIZEOF_IFREQ = 40;

    // <linux/netlink.h>, <linux/sock_diag.h>, <linux/inet_diag.h>
    static final int NETLINK_SOCK_DIAG = 4;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int SOCK_DIAG_BY_FAMILY = 20;
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_DUMP = 0x300;
    static final int IPPROTO_TCP = 6;

    static final int SOL_TCP = 6;
    static final int TCP_INFO = 11;
}
