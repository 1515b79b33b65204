package dev.jdrill.interpreter.matching;

/**
 * How a segment the stack sent differs from the script's line.
 *
 * @param field what differs, in packetdrill's words ({@code tcp_seq}, {@code tcp_window}, {@code tcp options})
 * @param expected the script's value
 * @param actual the stack's value
 * @param explanation one sentence in plain words for the report
 */
public record SegmentMismatch(String field, String expected, String actual, String explanation) {
}
