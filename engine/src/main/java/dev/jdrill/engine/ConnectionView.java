package dev.jdrill.engine;

import dev.jdrill.wire.TcpState;
import java.util.OptionalInt;

/**
 * One socket as {@code ss -tan} would list it: its endpoints, its state and the fd that refers to it
 * (empty for orphans — closed sockets still finishing their FIN exchange or in TIME_WAIT — and for
 * connections still in the accept queue).
 */
public record ConnectionView(Endpoint local, Endpoint remote, TcpState state, OptionalInt fd) {
}
