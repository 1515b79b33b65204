package dev.jdrill.target.engine;

import dev.jdrill.engine.SocketCallResult;
import dev.jdrill.engine.TcpStack;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code struct epoll_event} of epoll_ctl and epoll_wait as a script writes it
 * ({@code {events=EPOLLIN|EPOLLET, fd=4}}), and epoll_wait's timeout on the engine: 0 polls, otherwise
 * it sleeps until an event (retried on every state change) or until {@link EngineTarget} reaches the
 * deadline ({@link PollCall#timeoutMicros}) and tries it once more with {@code timedOut}.
 */
final class EpollEvents {
    private EpollEvents() {
    }

    static long field(SocketValue event, String name) {
        return event instanceof SocketValue.Struct s ? s.field(name).flatMap(SocketValue::asLong).orElse(0L) : 0L;
    }

    /** epoll_data: whichever union member the script named. */
    static long data(SocketValue event) {
        if (event instanceof SocketValue.Struct s) {
            for (String name : new String[] {"data", "u64", "u32", "fd", "ptr"}) {
                Optional<Long> v = s.field(name).flatMap(SocketValue::asLong);
                if (v.isPresent()) {
                    return v.get();
                }
            }
        }
        return 0;
    }

    static SocketCallResult await(TcpStack stack, SocketCall.EpollWait call, int epfd, boolean timedOut,
            List<SocketValue> out, long now) {
        int max = (int) call.integer(2, 1);
        long timeout = call.integer(3, -1);
        List<SocketValue> ready = new ArrayList<>();
        SocketCallResult r = stack.epollWait(epfd, max, timeout != 0 && !timedOut, (events, data) -> ready.add(
                new SocketValue.Struct(List.of(new SocketValue.Field("events", new SocketValue.Int(events & 0xffffffffL)))))
                , now);
        if (r instanceof SocketCallResult.Done) {
            EngineSocketCalls.set(out, 1, new SocketValue.Array(ready));
        }
        return r;
    }
}
