package dev.jdrill.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code /bin/sh -c COMMAND} inside a network namespace. The process is spawned from the
 * namespace's owner thread, so it starts in that namespace (fork copies the calling thread's), with
 * no nsenter in between; waiting for it happens on the caller's thread.
 */
public final class ShellCommand {
    private ShellCommand() {
    }

    /** Runs the command in the namespace the process is in (the remote target's agent). */
    public static CommandResult runHere(String command, Path workingDirectory, Map<String, String> environment,
            Duration timeout) throws LinuxException {
        return run(null, command, workingDirectory, environment, timeout);
    }

    /** Runs the command in {@code namespace}, or where the process is when it is null. */
    public static CommandResult run(NetworkNamespace namespace, String command, Path workingDirectory,
            Map<String, String> environment, Duration timeout) throws LinuxException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        if (namespace != null) {
            process = namespace.call(builder::start);
        } else {
            try {
                process = builder.start();
            } catch (java.io.IOException e) {
                throw new LinuxException("cannot start /bin/sh: " + e.getMessage());
            }
        }
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()),
                    Thread::startVirtualThread);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return new CommandResult(-1, output.getNow("") + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
            return new CommandResult(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new LinuxException("interrupted while running `" + command + "`");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            kill(process);
            throw new LinuxException("could not read the output of `" + command + "`: " + e.getMessage());
        }
    }

    /** Kills the shell and anything it started, so no process outlives its script. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
