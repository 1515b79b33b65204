package dev.jdrill.target.linux;

import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.linux.LinuxException;
import dev.jdrill.linux.NamespaceThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs socket calls one at a time on a thread inside the test namespace (sockets are created in the
 * namespace of the calling thread), as packetdrill runs them on its syscall thread. After handing a
 * call over, {@link #start} waits until the call has either returned or is asleep in the kernel,
 * which it learns as packetdrill does: from the thread's state in {@code /proc/.../stat}. So a
 * non-blocking call has its outcome before start returns, and a blocking one is known to be blocked
 * (and the kernel's state to include its effects) before the script moves on.
 */
final class SocketCallExecutor implements AutoCloseable {
    /** Longest we wait for a call to either return or go to sleep before treating it as in progress. */
    private static final long SETTLE_LIMIT_NANOS = 50_000_000;

    private final NamespaceThread thread;
    private final Path stat;
    private volatile boolean inCall;

    SocketCallExecutor(NamespaceThread thread) {
        this.thread = thread;
        this.stat = Path.of("/proc/self/task/" + thread.tid() + "/stat");
    }

    /** Starts {@code call} on the syscall thread; returns once it has returned or blocked. */
    CompletableFuture<CallOutcome> start(Supplier<CallOutcome> call) {
        CompletableFuture<CallOutcome> result = new CompletableFuture<>();
        thread.submit(() -> {
            inCall = true;
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                inCall = false;
            }
            return null;
        });
        long limit = System.nanoTime() + SETTLE_LIMIT_NANOS;
        while (!result.isDone() && System.nanoTime() < limit) {
            if (inCall && sleeping()) {
                break;
            }
            // Yield between checks, as packetdrill's main thread does (enqueue_system_call): on a busy
            // host the syscall thread may be queued on this very CPU, and spinning would delay the call.
            Thread.yield();
        }
        return result;
    }

    /** Runs a setup task on the syscall thread and waits for it. */
    <T> T call(java.util.concurrent.Callable<T> task) throws LinuxException {
        return thread.call(task);
    }

    /** The outcome, waiting up to {@code timeoutNanos}; empty if the call is still blocked. */
    static Optional<CallOutcome> await(CompletableFuture<CallOutcome> call, long timeoutNanos) throws LinuxException {
        try {
            if (timeoutNanos <= 0) {
                return call.isDone() ? Optional.of(call.get()) : Optional.empty();
            }
            return Optional.of(call.get(timeoutNanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new LinuxException("socket call failed inside the target: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The kernel's view: state 'S' (interruptible sleep) or 'D' means the call is blocked. */
    private boolean sleeping() {
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : 'R';
            return state == 'S' || state == 'D';
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the thread; true if it ended (a call still blocked in the kernel keeps it alive). */
    boolean stop() {
        return thread.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
