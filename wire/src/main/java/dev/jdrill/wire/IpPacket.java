package dev.jdrill.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 packet with one transport payload and no options or extension headers, which is
 * all TCP tests put on a TUN device.
 *
 * @param trafficClass the IPv4 TOS byte / IPv6 traffic class (DSCP and the two ECN bits)
 * @param flowLabel IPv6 flow label; 0 for IPv4
 * @param identification IPv4 identification field; 0 for IPv6
 */
public record IpPacket(
        IpVersion version,
        InetAddress source,
        InetAddress destination,
        int ttl,
        int trafficClass,
        int flowLabel,
        int identification,
        boolean dontFragment,
        Transport transport) {

    public IpPacket {
        Class<?> family = version == IpVersion.IPV4 ? Inet4Address.class : Inet6Address.class;
        if (!family.isInstance(source) || !family.isInstance(destination)) {
            throw new IllegalArgumentException("addresses " + source + " > " + destination + " are not " + version);
        }
        WireChecks.u8(ttl, "ttl");
        WireChecks.u8(trafficClass, "traffic class");
        WireChecks.range(flowLabel, 0xfffffL, "flow label");
        WireChecks.u16(identification, "ip id");
    }

    /** A packet with the defaults a Linux host uses: TTL 64, no ECN, DF set on IPv4. */
    public static IpPacket of(InetAddress source, InetAddress destination, Transport transport) {
        IpVersion v = source instanceof Inet4Address ? IpVersion.IPV4 : IpVersion.IPV6;
        return new IpPacket(v, source, destination, 64, 0, 0, 0, v == IpVersion.IPV4, transport);
    }

    /** The two ECN bits of the traffic class (RFC 3168): 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE. */
    public int ecn() {
        return trafficClass & 0x3;
    }

    public IpPacket withTransport(Transport t) {
        return new IpPacket(version, source, destination, ttl, trafficClass, flowLabel, identification, dontFragment, t);
    }

    public IpPacket withTrafficClass(int tc) {
        return new IpPacket(version, source, destination, ttl, tc, flowLabel, identification, dontFragment, transport);
    }

    public java.util.Optional<TcpSegment> tcp() {
        return transport instanceof TcpSegment s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }
}
