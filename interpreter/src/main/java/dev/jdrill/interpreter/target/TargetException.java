package dev.jdrill.interpreter.target;

/** The target itself failed (device, namespace, native call): the script's verdict is an error. */
public class TargetException extends Exception {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
