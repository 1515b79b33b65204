package dev.jdrill.engine;

/**
 * The ephemeral port range (net.ipv4.ip_local_port_range 32768–60999), searched in order from a fixed
 * start so runs are deterministic; a port any socket holds is skipped (inet_hash_connect, simplified).
 */
final class EphemeralPorts {
    private int next = 40000;

    /** An unused port, or -1 when the whole range is taken. */
    int next(TcpStack stack) {
        for (int i = 0; i < 28232; i++) {
            int p = next;
            next = next >= 60999 ? 32768 : next + 1;
            boolean used = false;
            for (Tcb t : stack.sockets) {
                used |= t.localPort == p;
            }
            for (Tcb t : stack.fds.values()) {
                used |= t.bound && t.localPort == p;
            }
            if (!used) {
                return p;
            }
        }
        return -1;
    }
}
