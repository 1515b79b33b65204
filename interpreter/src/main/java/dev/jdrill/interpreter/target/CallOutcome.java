package dev.jdrill.interpreter.target;

import dev.jdrill.wire.Errno;
import java.util.List;
import java.util.Optional;

/**
 * How a socket call ended.
 *
 * @param returnValue what the call returned (-1 on failure, as the C library does)
 * @param errno set when the call failed
 * @param outputs values the call wrote back, by argument position (getsockopt's optval and optlen,
 *     accept's address, poll's revents, read's bytes): {@link SocketValue.Unspecified} where the call
 *     wrote nothing. Empty when no argument was written.
 * @param completedMicros when it returned
 */
public record CallOutcome(long returnValue, Optional<Errno> errno, List<SocketValue> outputs, long completedMicros) {

    public CallOutcome {
        outputs = List.copyOf(outputs);
    }

    public static CallOutcome success(long returnValue, long atMicros) {
        return new CallOutcome(returnValue, Optional.empty(), List.of(), atMicros);
    }

    public static CallOutcome failure(Errno errno, long atMicros) {
        return new CallOutcome(-1, Optional.of(errno), List.of(), atMicros);
    }

    public CallOutcome withOutputs(List<SocketValue> values) {
        return new CallOutcome(returnValue, errno, values, completedMicros);
    }
}
