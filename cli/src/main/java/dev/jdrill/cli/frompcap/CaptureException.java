package dev.jdrill.cli.frompcap;

/** A capture that cannot be turned into a script; the message is the one line the user sees. */
public final class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }
}
