package dev.jdrill.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses of a test network. The local (stack under test) addresses go on tun0 with packetdrill's
 * prefix lengths (/16 for IPv4, /48 for IPv6); the remote peer's prefix (/24, /48) is routed to tun0.
 */
public record TestNetworkConfig(Inet4Address local4, Inet4Address remote4, Inet6Address local6, Inet6Address remote6,
        int mtu) {
    public static final int LOCAL4_PREFIX = 16;
    public static final int REMOTE4_PREFIX = 24;
    public static final int LOCAL6_PREFIX = 48;
    public static final int REMOTE6_PREFIX = 48;

    public TestNetworkConfig {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " out of range 68..65535");
        }
    }

    /** 192.168.0.1 ↔ 192.0.2.1, fd3d:a0b:17d6::1 ↔ fd3d:fa7b:d17d::1, MTU 1500. */
    public static TestNetworkConfig defaults() {
        try {
            return new TestNetworkConfig((Inet4Address) InetAddress.getByName("192.168.0.1"),
                    (Inet4Address) InetAddress.getByName("192.0.2.1"),
                    (Inet6Address) InetAddress.getByName("fd3d:a0b:17d6::1"),
                    (Inet6Address) InetAddress.getByName("fd3d:fa7b:d17d::1"), 1500);
        } catch (UnknownHostException e) {
            throw new AssertionError("literal addresses never need a lookup", e);
        }
    }

    public TestNetworkConfig withMtu(int newMtu) {
        return new TestNetworkConfig(local4, remote4, local6, remote6, newMtu);
    }

    /** {@code address/prefix} with the host bits cleared, as {@code ip route} insists. */
    static String network(InetAddress address, int prefix) {
        byte[] raw = address.getAddress();
        for (int bit = prefix; bit < raw.length * 8; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(raw).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
