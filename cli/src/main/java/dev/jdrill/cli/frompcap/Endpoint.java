package dev.jdrill.cli.frompcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** One end of a TCP connection, written {@code 192.0.2.1:8080} or {@code [fd3d::1]:8080}. */
record Endpoint(InetAddress address, int port) {

    /** Parses {@code ADDR:PORT} (IPv6 in brackets); empty when it is not one. Never resolves names. */
    static Optional<Endpoint> parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
            return Optional.empty(); // a literal address only: no DNS look-ups from a converter
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 0xffff) {
                return Optional.empty();
            }
            return Optional.of(new Endpoint(InetAddress.getByName(host), p));
        } catch (NumberFormatException | UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
