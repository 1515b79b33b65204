package dev.jdrill.wire;

public enum IpVersion {
    IPV4(4, 20),
    IPV6(6, 40);

    private final int number;
    private final int headerLength;

    IpVersion(int number, int headerLength) {
        this.number = number;
        this.headerLength = headerLength;
    }

    public int number() {
        return number;
    }

    /** Fixed header length without IPv4 options or IPv6 extension headers. */
    public int headerLength() {
        return headerLength;
    }
}
