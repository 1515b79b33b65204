package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * poll() on the engine: each entry's revents is the socket's tcp_poll mask within its events plus
 * POLLERR and POLLHUP (which poll always reports), POLLNVAL for a closed fd. With nothing ready a
 * timeout of 0 returns 0 at once; otherwise the call blocks and EngineTarget retries it after every
 * event until an entry is ready or the timeout (counted from the call's start) runs out.
 */
final class PollCalls {
    private PollCalls() {
    }

    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;

    static SocketCallResult poll(TcpStack stack, SocketCall.Poll call, List<SocketValue> out, long now)
            throws UnsupportedByTargetException {
        List<SocketValue> results = new ArrayList<>();
        int ready = 0;
        for (SocketValue entry : entries(call)) {
            int fd = (int) EpollEvents.field(entry, "fd");
            int events = (int) EpollEvents.field(entry, "events") & 0xffff;
            OptionalInt mask = stack.pollMask(fd, now);
            if (mask.isEmpty()) {
                throw new UnsupportedByTargetException("the engine does not model poll() on fd " + fd
                        + ", which is no socket");
            }
            int revents = mask.getAsInt() & (events | POLLERR | POLLHUP | 0x20);
            if (revents != 0) {
                ready++;
            }
            results.add(result(events, revents));
        }
        if (ready == 0 && timeout(call) != 0) {
            return SocketCallResult.WOULD_BLOCK;
        }
        EngineSocketCalls.set(out, 0, new SocketValue.Array(results));
        return SocketCallResult.ok(ready);
    }

    /** When a blocked poll times out: its start plus the timeout, empty for none (a negative timeout). */
    static OptionalLong expiry(CallHandle h) {
        if (h.call() instanceof SocketCall.Poll p && timeout(p) > 0) {
            return OptionalLong.of(h.startedMicros() + timeout(p) * 1000);
        }
        return OptionalLong.empty();
    }

    /** The outputs of a poll that timed out: every revents 0. */
    static List<SocketValue> timedOut(SocketCall.Poll call) {
        List<SocketValue> results = new ArrayList<>();
        for (SocketValue entry : entries(call)) {
            results.add(result((int) EpollEvents.field(entry, "events") & 0xffff, 0));
        }
        List<SocketValue> out = new ArrayList<>();
        EngineSocketCalls.set(out, 0, new SocketValue.Array(results));
        return out;
    }

    private static long timeout(SocketCall.Poll call) {
        return call.integer(2, -1);
    }

    private static List<SocketValue> entries(SocketCall.Poll call) {
        SocketValue fds = call.arg(0);
        if (fds instanceof SocketValue.Array a) {
            return a.elements();
        }
        return Optional.of(fds).filter(SocketValue.Struct.class::isInstance).map(List::of).orElse(List.of());
    }

    private static SocketValue result(int events, int revents) {
        // No "fd" member, as on the linux target: the check compares events and revents.
        return new SocketValue.Struct(List.of(
                new SocketValue.Field("events", new SocketValue.Int(events)),
                new SocketValue.Field("revents", new SocketValue.Int(revents))));
    }
}
