package dev.jdrill.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal, through tmux on a private server socket: starts a command in a detached
 * session, types keys into it and reads the screen back.
 */
final class TmuxTerminal implements AutoCloseable {
    private final String socket;
    private String stderr = "";

    private TmuxTerminal(String socket) {
        this.socket = socket;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code script} (a shell script file) in a new 160x40 terminal. */
    static TmuxTerminal start(Path script) throws Exception {
        TmuxTerminal t = new TmuxTerminal("jdrill-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.stderr = script.resolveSibling("stderr.txt").toString();
        t.tmux("new-session", "-d", "-s", "repl", "-x", "160", "-y", "40", "sh " + script);
        return t;
    }

    void type(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "repl"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types text literally (no key names). */
    void typeText(String text) throws Exception {
        tmux("send-keys", "-t", "repl", "-l", text);
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "repl");
    }

    /** Waits until the screen shows {@code text}; returns the screen. */
    String await(String text, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        String shown = "";
        while (System.nanoTime() < end) {
            try {
                shown = screen();
            } catch (IllegalStateException e) {
                shown = "(the terminal has closed) " + e.getMessage();
            }
            if (shown.contains(text)) {
                return shown;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the terminal never showed \"" + text + "\"; it shows:\n" + shown + "\nstderr: " + readQuietly(Path.of(stderr)));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(none)";
        }
    }

    boolean running() {
        try {
            tmux("has-session", "-t", "repl");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tmux " + String.join(" ", args) + ": " + out.strip());
        }
        return out;
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (Exception e) {
            // The server is gone already when its last session ended.
        }
    }

    /** A shell script that runs the jdrill command line of this test JVM in {@code dir}. */
    static Path launcher(Path dir, Path history, String... jdrillArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String script = "cd '" + dir + "'\n"
                + "export TERM=xterm-256color JDRILL_HISTORY='" + history + "'\n"
                + "exec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' dev.jdrill.cli.Main " + String.join(" ", jdrillArgs) + " 2>'" + dir.resolve("stderr.txt") + "'\n";
        Path file = dir.resolve("run-jdrill.sh");
        Files.writeString(file, script);
        return file;
    }
}
