package dev.jdrill.interpreter.target;

import java.net.InetAddress;

/** A TCP connection as the stack under test sees it: its own endpoint and the peer's. */
public record ConnectionKey(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
}
