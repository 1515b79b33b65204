package dev.jdrill.interpreter.target;

import java.util.List;
import java.util.Optional;

/**
 * One socket call as the script states it, arguments evaluated: {@code connect(3, ..., ...)} arrives as
 * {@code name="connect", args=[Int 3 (live fd), Address 192.0.2.1:8080, Int 16]} because the interpreter
 * fills in what {@code ...} stands for where packetdrill does (addresses and their lengths).
 */
public record SocketCall(String name, List<SocketValue> args) {

    public SocketCall {
        args = List.copyOf(args);
    }

    public SocketValue arg(int index) {
        return index < args.size() ? args.get(index) : SocketValue.UNSPECIFIED;
    }

    /** An integer argument; empty when it is absent or not an integer. */
    public Optional<Long> intArg(int index) {
        return arg(index).asLong();
    }

    /** The live fd of a call whose first argument is an fd. */
    public int fd() {
        return intArg(0).map(Long::intValue).orElse(-1);
    }

    @Override
    public String toString() {
        return name + args;
    }
}
