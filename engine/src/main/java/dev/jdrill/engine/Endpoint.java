package dev.jdrill.engine;

import java.net.InetAddress;

/** An address and port; {@link #address} may be the wildcard (0.0.0.0 or ::) for unbound sockets. */
public record Endpoint(InetAddress address, int port) {
    @Override
    public String toString() {
        return address.getHostAddress() + ":" + port;
    }
}
