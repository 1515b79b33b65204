package dev.jdrill.interpreter.timeline;

/**
 * packetdrill's timing tolerance (run.c verify_time): the larger of a fixed allowance and a percentage of
 * the scripted gap since the previous event, so long waits get proportionally more slack.
 */
public record Tolerance(long usecs, double percent) {

    public static final Tolerance PACKETDRILL_DEFAULT = new Tolerance(4000, 12.5);

    public Tolerance {
        if (usecs < 0 || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("tolerance out of range: " + usecs + " us, " + percent + " %");
        }
    }

    /** The slack allowed for an event scripted {@code gapMicros} after the previous one. */
    public long allowedFor(long gapMicros) {
        long dynamic = (long) (percent / 100.0 * gapMicros);
        return Math.max(usecs, dynamic);
    }

    public Tolerance withUsecs(long newUsecs) {
        return new Tolerance(newUsecs, percent);
    }

    public Tolerance withPercent(double newPercent) {
        return new Tolerance(usecs, newPercent);
    }
}
