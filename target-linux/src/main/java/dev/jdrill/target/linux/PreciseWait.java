package dev.jdrill.target.linux;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a System.nanoTime() instant with microsecond accuracy: parks while far away (parking
 * overshoots by tens of microseconds, so it stops short), then spins the last stretch. This is how
 * an injection lands at its scripted time rather than whenever the scheduler wakes us.
 */
final class PreciseWait {
    /** How far ahead of the target to stop parking and start spinning. */
    private static final long SPIN_NANOS = 200_000;

    private PreciseWait() {
    }

    static void until(long targetNanos) {
        while (true) {
            long remaining = targetNanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            if (remaining > SPIN_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
