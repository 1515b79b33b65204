package dev.jdrill.interpreter.target;

import java.net.InetAddress;

/**
 * What a target needs to know before time zero.
 *
 * @param ipVersion how the script's addresses are realised
 * @param localAddress the address of the stack under test (192.168.0.1 by default)
 * @param remoteAddress the address of the scripted peer (192.0.2.1 by default)
 * @param mtu the device MTU (1500 by default; it determines the MSS the stack advertises)
 */
public record TargetConfig(IpMode ipVersion, InetAddress localAddress, InetAddress remoteAddress, int mtu) {

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

        public static java.util.Optional<IpMode> fromFlag(String text) {
            for (IpMode m : values()) {
                if (m.flag.equals(text)) {
                    return java.util.Optional.of(m);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public static TargetConfig defaults(IpMode mode) {
        try {
            return switch (mode) {
                case IPV4, IPV4_MAPPED_IPV6 -> new TargetConfig(mode,
                        InetAddress.getByName("192.168.0.1"), InetAddress.getByName("192.0.2.1"), 1500);
                case IPV6 -> new TargetConfig(mode,
                        InetAddress.getByName("fd3d:a0b:17d6::1"), InetAddress.getByName("fd3d:fa7b:d17d::1"), 1500);
            };
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("literal addresses never need a lookup", e);
        }
    }
}
