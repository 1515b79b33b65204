package dev.jdrill.junit;

import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.ConnectionKey;
import dev.jdrill.interpreter.target.SentPacket;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.TargetProvider;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A test target with a virtual clock that only runs backtick commands, so the engine's discovery and
 * reporting are tested without any TCP stack: {@code `true`} passes, {@code `false`} fails with exit
 * status 1, anything else is a command it cannot run (the interpreter's SKIP).
 */
public final class CommandOnlyTarget implements Target {
    public static final String NAME = "commands-only";
    private long now;

    /** Registered in META-INF/services for the tests. */
    public static final class Provider implements TargetProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Target create() {
            return new CommandOnlyTarget();
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }
    }

    /** A target that is never available, to see how the engine reports that. */
    public static final class UnavailableProvider implements TargetProvider {
        @Override
        public String name() {
            return "never-here";
        }

        @Override
        public Target create() {
            throw new IllegalStateException("never created: unavailable");
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.of("needs a machine that does not exist");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean virtualTime() {
        return true;
    }

    @Override
    public void start(TargetConfig config) {
    }

    @Override
    public long nowMicros() {
        return now;
    }

    @Override
    public void waitUntil(long timeMicros) {
        now = Math.max(now, timeMicros);
    }

    @Override
    public void inject(IpPacket packet) throws TargetException {
        throw new UnsupportedByTargetException("this test target has no TCP stack");
    }

    @Override
    public Optional<SentPacket> nextOutbound(long deadlineMicros) {
        now = Math.max(now, deadlineMicros);
        return Optional.empty();
    }

    @Override
    public CallHandle startCall(SocketCall call) throws TargetException {
        throw new UnsupportedByTargetException("this test target makes no socket calls");
    }

    @Override
    public Optional<CallOutcome> pollCall(CallHandle call) {
        return Optional.empty();
    }

    @Override
    public Optional<CallOutcome> awaitCall(CallHandle call, long deadlineMicros) {
        return Optional.empty();
    }

    @Override
    public TcpState connectionState(ConnectionKey connection) throws TargetException {
        throw new UnsupportedByTargetException("no connections here");
    }

    @Override
    public TcpState socketState(int liveFd) throws TargetException {
        throw new UnsupportedByTargetException("no sockets here");
    }

    @Override
    public Map<String, Long> tcpInfo(int liveFd) throws TargetException {
        throw new UnsupportedByTargetException("no sockets here");
    }

    @Override
    public void setSysctl(String name, String value) throws TargetException {
        throw new UnsupportedByTargetException("no tunables here");
    }

    @Override
    public CommandOutcome runCommand(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        return switch (command.strip()) {
            case "true" -> new CommandOutcome(0, "");
            case "false" -> new CommandOutcome(1, "it said no");
            // Like the engine's shell, name the command it cannot honour.
            default -> throw new UnsupportedByTargetException("this test target runs only `true` and `false`, not `"
                    + command.strip() + "`");
        };
    }

    @Override
    public void close() {
    }
}
