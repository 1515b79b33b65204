package dev.jdrill.linux;

/**
 * One packet the kernel sent out of the TUN device: the IP bytes, and {@link System#nanoTime()} taken
 * the moment the read returned.
 */
public record TunFrame(byte[] packet, long readNanos) {
}
