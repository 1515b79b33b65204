package dev.jdrill.junit;

import org.opentest4j.AssertionFailedError;

/**
 * A script failed (or could not be parsed): the message is the full diagnostic. Its only stack frame
 * points at the script's file and line, because that is the place to look — a Java frame of the
 * interpreter would send an IDE user to the wrong file.
 */
final class ScriptFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    ScriptFailure(String diagnostic, String fileName, String target, int line) {
        super(diagnostic);
        setStackTrace(new StackTraceElement[] {new StackTraceElement("jdrill.script", target, fileName, line)});
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the frame is set by hand; walking the JVM stack would only be thrown away
    }
}
