package dev.jdrill.interpreter.target;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket calls a wall-clock target has started and not yet reported, by {@link CallHandle} id: what
 * {@link Target#pollCall} and {@link Target#awaitCall} look up. A target whose calls complete on another
 * thread or host (a namespace thread, an agent) registers each call's future here; a result is handed
 * out once, and a call whose future failed ends in a {@link TargetException} with the cause's message.
 */
public final class CallsInProgress {
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<CallOutcome>> calls = new ConcurrentHashMap<>();

    /** The id the next call gets; register it with {@link #register} once its future exists. */
    public long nextId() {
        return ids.incrementAndGet();
    }

    public CallHandle register(long id, SocketCall call, long startedMicros, CompletableFuture<CallOutcome> outcome) {
        calls.put(id, outcome);
        return new CallHandle(id, call, startedMicros);
    }

    /** The call's outcome if it has one now (and it is then forgotten). */
    public Optional<CallOutcome> poll(CallHandle call) {
        CompletableFuture<CallOutcome> f = calls.get(call.id());
        if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
            return Optional.empty();
        }
        calls.remove(call.id());
        return Optional.of(f.join());
    }

    /**
     * Waits up to {@code waitNanos} (0 or less: not at all) for the call's outcome.
     *
     * @throws TargetException when no such call is in progress, the call failed, or the wait was interrupted
     */
    public Optional<CallOutcome> await(CallHandle call, long waitNanos) throws TargetException {
        CompletableFuture<CallOutcome> f = calls.get(call.id());
        if (f == null) {
            throw new TargetException("no call " + call.id() + " in progress");
        }
        try {
            CallOutcome o = waitNanos <= 0 ? (f.isDone() ? f.get() : null) : f.get(waitNanos, TimeUnit.NANOSECONDS);
            if (o == null) {
                return Optional.empty();
            }
            calls.remove(call.id());
            return Optional.of(o);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            calls.remove(call.id());
            throw new TargetException(call.call().name() + "() failed inside the target: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while waiting for " + call.call().name() + "()");
        }
    }

    /** Forgets every call (the target is closing). */
    public void clear() {
        calls.clear();
    }
}
