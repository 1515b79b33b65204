package dev.jdrill.report;

import java.io.IOException;

/** Something that records each script's outcome (JUnit XML, TAP, pcap files, the HTML report). */
public interface OutcomeReporter extends AutoCloseable {

    void record(ScriptOutcome outcome) throws IOException;

    /** Writes what was recorded; called once after the last script. */
    @Override
    void close() throws IOException;
}
