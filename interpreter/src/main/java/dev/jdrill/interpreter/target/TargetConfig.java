package dev.jdrill.interpreter.target;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What a target needs to know before time zero: packetdrill's network options after its runner's
 * per-variant defaults and the script's and command line's own {@code --name=value} options.
 *
 * @param ipVersion how the script's addresses are realised ({@code --ip_version})
 * @param localAddress the address of the stack under test ({@code --local_ip}, 192.168.0.1 by default)
 * @param remoteAddress the address of the scripted peer ({@code --remote_ip}, 192.0.2.1 by default)
 * @param gateway the next hop of the route to the peer ({@code --gateway_ip})
 * @param localPrefixLength the local address's prefix ({@code --netmask_ip}; 48 for IPv6, as packetdrill)
 * @param remotePrefixLength the routed prefix of the peer ({@code --remote_ip=a.b.c.d/N}; the host by default)
 * @param mtu the device MTU ({@code --mtu}; 1500, or 1520 for IPv6 as packetdrill's runner passes, so the
 *     MSS the stack advertises is 1460 in every variant)
 * @param gsoMss {@code --mss}: injected TCP segments are marked for segmentation at this size (0: not)
 * @param speedMbps {@code --speed}: the device's link speed in Mbit/s (0: the driver's)
 */
public record TargetConfig(IpMode ipVersion, InetAddress localAddress, InetAddress remoteAddress, InetAddress gateway,
        int localPrefixLength, int remotePrefixLength, int mtu, int gsoMss, long speedMbps) {

    /** packetdrill's {@code --ip_version}. */
    public enum IpMode {
        IPV4("ipv4"),
        IPV6("ipv6"),
        /** An AF_INET6 socket talking IPv4 on the wire through ::ffff:a.b.c.d addresses. */
        IPV4_MAPPED_IPV6("ipv4-mapped-ipv6");

        private final String flag;

        IpMode(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        /** The address family on the wire: IPv4 for both IPv4 variants. */
        public boolean wireIpv6() {
            return this == IPV6;
        }

        public static java.util.Optional<IpMode> fromFlag(String text) {
            for (IpMode m : values()) {
                if (m.flag.equals(text)) {
                    return java.util.Optional.of(m);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The MTU a new TUN device has; packetdrill leaves it unless {@code --mtu} says otherwise. */
    public static final int DEFAULT_MTU = 1500;

    /** What packetdrill's runner (run_all.py) passes for each variant. */
    public static TargetConfig defaults(IpMode mode) {
        return switch (mode) {
            case IPV4, IPV4_MAPPED_IPV6 -> new TargetConfig(mode, address("192.168.0.1"), address("192.0.2.1"),
                    address("192.168.0.1"), 16, 32, DEFAULT_MTU, 0, 0);
            case IPV6 -> new TargetConfig(mode, address("fd3d:a0b:17d6::1"), address("fd3d:fa7b:d17d::1"),
                    address("fd3d:a0b:17d6:8888::1"), 48, 128, 1520, 0, 0);
        };
    }

    public TargetConfig withAddresses(InetAddress local, InetAddress remote, InetAddress newGateway,
            int newLocalPrefixLength, int newRemotePrefixLength) {
        return new TargetConfig(ipVersion, local, remote, newGateway, newLocalPrefixLength, newRemotePrefixLength, mtu,
                gsoMss, speedMbps);
    }

    public TargetConfig withMtu(int newMtu) {
        return new TargetConfig(ipVersion, localAddress, remoteAddress, gateway, localPrefixLength, remotePrefixLength,
                newMtu, gsoMss, speedMbps);
    }

    public TargetConfig withGsoMss(int newGsoMss) {
        return new TargetConfig(ipVersion, localAddress, remoteAddress, gateway, localPrefixLength, remotePrefixLength,
                mtu, newGsoMss, speedMbps);
    }

    public TargetConfig withSpeedMbps(long newSpeed) {
        return new TargetConfig(ipVersion, localAddress, remoteAddress, gateway, localPrefixLength, remotePrefixLength,
                mtu, gsoMss, newSpeed);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError("literal addresses never need a lookup", e);
        }
    }
}
