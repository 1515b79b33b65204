package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * poll(fds, nfds, timeout) on the engine: the script's {@code [{fd=4, events=POLLIN, revents=...}]}
 * goes to {@link TcpStack#poll} and the revents come back as the call's first output. A timeout of 0
 * never sleeps; otherwise a call with nothing ready blocks and {@link EngineTarget} retries it after
 * every state change until its deadline ({@link #timeoutMicros}), when it is tried once more without
 * sleeping (the kernel's final pass after poll_schedule_timeout).
 */
final class PollCall {
    private PollCall() {
    }

    static SocketCallResult attempt(TcpStack stack, SocketCall.Poll call, boolean timedOut, List<SocketValue> out,
            long now) throws UnsupportedByTargetException {
        List<SocketValue> entries = call.arg(0) instanceof SocketValue.Array a ? a.elements() : List.of();
        int n = (int) Math.min(entries.size(), Math.max(0, call.integer(1, entries.size())));
        int[] fds = new int[n];
        int[] events = new int[n];
        int[] revents = new int[n];
        for (int i = 0; i < n; i++) {
            fds[i] = (int) EpollEvents.field(entries.get(i), "fd");
            events[i] = (int) EpollEvents.field(entries.get(i), "events");
        }
        long timeout = call.integer(2, -1);
        SocketCallResult r;
        try {
            r = stack.poll(fds, events, revents, timeout != 0 && !timedOut, now);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedByTargetException("the engine does not model " + e.getMessage());
        }
        if (r instanceof SocketCallResult.Done) {
            List<SocketValue> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(new SocketValue.Struct(List.of(
                        new SocketValue.Field("events", new SocketValue.Int(events[i] & 0xffff)),
                        new SocketValue.Field("revents", new SocketValue.Int(revents[i] & 0xffff)))));
            }
            EngineSocketCalls.set(out, 0, new SocketValue.Array(results));
        }
        return r;
    }

    /** How long a blocking poll or epoll_wait may sleep, in microseconds; empty for no limit. */
    static OptionalLong timeoutMicros(SocketCall call) {
        long ms = switch (call) {
            case SocketCall.Poll p -> p.integer(2, -1);
            case SocketCall.EpollWait w -> w.integer(3, -1);
            default -> -1;
        };
        return ms < 0 ? OptionalLong.empty() : OptionalLong.of(ms * 1000);
    }
}
