package dev.jdrill.report.divergence;

import java.util.Optional;

/**
 * A segment the engine sent that differs from the one the kernel sent for the same script line (or
 * that only one of them sent).
 *
 * @param line the script line: the {@code >} line both matched, or the last line reached before them
 * @param differences what differs, e.g. {@code window 64000 vs 63240; TS ecr 100 vs 200}
 */
public record Divergence(int line, String differences, Optional<StreamSegment> engine, Optional<StreamSegment> linux) {

    /** The printed block: what differs, then both segments. */
    public String render() {
        return "  line " + line + ": " + differences + "\n"
                + "    engine: " + engine.map(StreamSegment::render).orElse("(nothing sent)") + "\n"
                + "    linux:  " + linux.map(StreamSegment::render).orElse("(nothing sent)");
    }
}
