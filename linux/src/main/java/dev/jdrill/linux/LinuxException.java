package dev.jdrill.linux;

/** A kernel facility (namespace, device, netlink) could not be set up or used; the message says which and why. */
public class LinuxException extends Exception {
    public LinuxException(String message) {
        super(message);
    }

    public LinuxException(String message, Throwable cause) {
        super(message, cause);
    }
}
