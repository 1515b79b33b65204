package dev.jdrill.linux;

/** A shell command's exit status (128+N when killed by signal N, -1 on timeout) and its merged output. */
public record CommandResult(int exitStatus, String output) {
    public boolean succeeded() {
        return exitStatus == 0;
    }
}
