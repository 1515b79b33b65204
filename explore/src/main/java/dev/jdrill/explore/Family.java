package dev.jdrill.explore;

import java.util.Locale;
import java.util.Optional;

/** Which part of TCP the generated scripts exercise. */
public enum Family {
    /** Opening and closing: handshakes, teardown orders, resets, timeouts, keepalive, linger, ICMP errors. */
    LIFECYCLE,
    /** Moving data: writes and reads, partial and duplicate ACKs, windows, holes, SACK, retransmissions. */
    DATA,
    /** Either, chosen per script. */
    ALL;

    public static Optional<Family> fromName(String name) {
        for (Family f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
