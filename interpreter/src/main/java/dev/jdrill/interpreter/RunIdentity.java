package dev.jdrill.interpreter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The value of PACKETDRILL_PID a run's commands see. packetdrill exports its own pid, one process per
 * script, and suites use it as an opaque id: set_sysctls.py writes {@code /tmp/sysctl_restore_<id>.sh}
 * and its cleanup runs that file. jdrill runs many scripts in one JVM, several at once with
 * {@code --jobs}, so the JVM's pid alone would let two runs overwrite each other's restore file: each
 * run gets the pid with a run number of this JVM appended, unique among all jdrill processes alive.
 */
final class RunIdentity {
    private static final AtomicLong RUNS = new AtomicLong();

    private RunIdentity() {
    }

    /** A fresh id for the next run, e.g. {@code 48213000017} for run 17 of the JVM with pid 48213. */
    static String next() {
        return Long.toString(ProcessHandle.current().pid()) + String.format("%06d", RUNS.incrementAndGet() % 1_000_000);
    }
}
