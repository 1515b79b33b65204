package dev.jdrill.cli.frompcap;

import java.util.Optional;

/** {@code --flow LOCAL-PEER}: which connection to convert, and which end is the stack under test. */
record Flow(Endpoint local, Endpoint peer) {

    static Optional<Flow> parse(String text) {
        // Addresses never contain '-', so the first one separates the two endpoints.
        int dash = text.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        Optional<Endpoint> local = Endpoint.parse(text.substring(0, dash));
        Optional<Endpoint> peer = Endpoint.parse(text.substring(dash + 1));
        return local.isPresent() && peer.isPresent() ? Optional.of(new Flow(local.get(), peer.get())) : Optional.empty();
    }

    @Override
    public String toString() {
        return local + "-" + peer;
    }
}
