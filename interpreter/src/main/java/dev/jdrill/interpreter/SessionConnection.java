package dev.jdrill.interpreter;

import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.wire.TcpState;
import java.util.Map;
import java.util.Optional;

/**
 * A connection a {@link ScriptSession} knows of, as far as the {@link dev.jdrill.interpreter.target.Target}
 * seam can tell on any target: its endpoints, its state, and TCP_INFO while an fd still refers to it.
 *
 * @param scriptFd the script fd it was created or accepted as, if any
 * @param underTest whether it is the connection packets without ports belong to
 * @param tcpInfo {@code tcpi_*} fields; empty when no fd refers to it any more
 */
public record SessionConnection(Optional<Integer> scriptFd, ConnectionKey key, TcpState state, boolean underTest,
                                Map<String, Long> tcpInfo) {
    public SessionConnection {
        tcpInfo = Map.copyOf(tcpInfo);
    }
}
