package dev.jdrill.interpreter.syscall;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Script fds are names, not numbers: {@code socket(...) = 3} binds script fd 3 to whatever fd the target
 * returned, and every later use of 3 means that live fd (packetdrill's fd_state list).
 */
public final class FdTable {
    private final Map<Integer, Integer> scriptToLive = new HashMap<>();

    public void bind(int scriptFd, int liveFd) {
        scriptToLive.put(scriptFd, liveFd);
    }

    public Optional<Integer> live(int scriptFd) {
        return Optional.ofNullable(scriptToLive.get(scriptFd));
    }

    public void unbind(int scriptFd) {
        scriptToLive.remove(scriptFd);
    }

    public Map<Integer, Integer> all() {
        return Map.copyOf(scriptToLive);
    }
}
