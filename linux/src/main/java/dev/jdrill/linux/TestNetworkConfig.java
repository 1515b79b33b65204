package dev.jdrill.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How tun0 is set up for one script, in packetdrill's terms (config.c, netdev.c): the local address of
 * the stack under test with its prefix length, the remote peer routed through tun0 via the gateway, and
 * the device MTU. Only the wire family's address goes on the device, as packetdrill does: an IPv4 run
 * has no global IPv6 address and an IPv6 run no IPv4 one.
 *
 * @param local the stack's address on tun0 ({@code --local_ip})
 * @param localPrefixLength from {@code --netmask_ip} for IPv4; always 48 for IPv6, as in packetdrill
 * @param remote the scripted peer ({@code --remote_ip}); packetdrill routes exactly this host (/32, /128)
 * @param remotePrefixLength the prefix of {@code --remote_ip=a.b.c.d/N}; the host's full length when absent
 * @param gateway the next hop of that route ({@code --gateway_ip})
 * @param mtu tun0's MTU ({@code --mtu}); the kernel advertises MSS = MTU - 40 (IPv4) or - 60 (IPv6)
 * @param speedMbps tun0's link speed ({@code --speed}), set with ethtool before the device comes up; 0: the
 *     driver's
 */
public record TestNetworkConfig(InetAddress local, int localPrefixLength, InetAddress remote, int remotePrefixLength,
        InetAddress gateway, int mtu, long speedMbps) {
    /** The MTU the TUN driver gives a new device; packetdrill changes it only when --mtu says otherwise. */
    public static final int TUN_DEFAULT_MTU = 1500;

    public TestNetworkConfig {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " out of range 68..65535");
        }
        if (local.getClass() != remote.getClass() || local.getClass() != gateway.getClass()) {
            throw new IllegalArgumentException("local " + local.getHostAddress() + ", remote " + remote.getHostAddress()
                    + " and gateway " + gateway.getHostAddress() + " must be of one address family");
        }
        int bits = local.getAddress().length * 8;
        if (localPrefixLength < 1 || localPrefixLength > bits || remotePrefixLength < 1 || remotePrefixLength > bits) {
            throw new IllegalArgumentException("prefix length out of range 1.." + bits);
        }
    }

    /** packetdrill's runner for ipv4 and ipv4-mapped-ipv6: 192.168.0.1/16, 192.0.2.1 via 192.168.0.1, MTU 1500. */
    public static TestNetworkConfig defaults() {
        return new TestNetworkConfig(parse("192.168.0.1"), 16, parse("192.0.2.1"), 32, parse("192.168.0.1"),
                TUN_DEFAULT_MTU, 0);
    }

    /**
     * packetdrill's runner for ipv6: fd3d:a0b:17d6::1/48, fd3d:fa7b:d17d::1 via fd3d:a0b:17d6:8888::1, and
     * {@code --mtu=1520} so that the MSS the kernel advertises stays 1460 as the scripts expect.
     */
    public static TestNetworkConfig ipv6Defaults() {
        return new TestNetworkConfig(parse("fd3d:a0b:17d6::1"), 48, parse("fd3d:fa7b:d17d::1"), 128,
                parse("fd3d:a0b:17d6:8888::1"), 1520, 0);
    }

    public boolean ipv6() {
        return local instanceof Inet6Address;
    }

    public TestNetworkConfig withMtu(int newMtu) {
        return new TestNetworkConfig(local, localPrefixLength, remote, remotePrefixLength, gateway, newMtu, speedMbps);
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

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError("literal addresses never need a lookup", e);
        }
    }
}
