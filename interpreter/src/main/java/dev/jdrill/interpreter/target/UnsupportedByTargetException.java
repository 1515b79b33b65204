package dev.jdrill.interpreter.target;

/**
 * The script asks for something this target cannot do at all, e.g. a shell command on the engine or
 * a socket option the engine does not model. The run reports a SKIP with this message, which says
 * exactly what was asked ("the engine cannot run shell commands: `tc qdisc ...`").
 */
public class UnsupportedByTargetException extends TargetException {
    public UnsupportedByTargetException(String message) {
        super(message);
    }
}
