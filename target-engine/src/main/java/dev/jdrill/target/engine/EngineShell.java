package dev.jdrill.target.engine;

import dev.jdrill.interpreter.target.CommandOutcome;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Backtick commands on the engine: a real {@code /bin/sh -c} in the script's directory, with shims
 * first on its PATH for the tools that read or change the network stack ({@code sysctl}, {@code ss},
 * {@code nstat}, {@code ip}, {@code tc}) and the command's /proc/sys paths pointed at a tree of the
 * engine's sysctls ({@link ShellRewriter}). Before the command the engine's state is written out
 * (sysctls, the {@code ss} table, the link); after it, changed sysctls are applied to the engine and
 * any shim's report of something the engine cannot honour becomes a SKIP naming it. All of it lives
 * in one temporary directory this class creates and removes; nothing needs root.
 *
 * <p>When the JVM runs as root on Linux the shell also gets a network namespace of its own
 * ({@code unshare --net}): a /proc/sys path no rewrite reached (one computed at run time) then lands
 * in a throwaway namespace instead of changing this host.
 */
final class EngineShell implements AutoCloseable {
    private static final List<String> SHIMS = List.of("sysctl", "ss", "nstat", "ip", "tc", "jdrill-source");
    /** Tools installed as the {@code network-tool} shim: each is a SKIP naming the command. */
    private static final List<String> UNANSWERED_TOOLS = List.of("ethtool", "iptables", "ip6tables", "nft",
            "ifconfig", "route", "arp", "netstat", "tcpdump", "ping", "ping6", "bridge", "devlink");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static volatile Optional<Boolean> privateNetnsWorks = Optional.empty();

    /** What the engine shows the command, rendered before it runs. */
    record EngineView(Map<String, String> sysctls, String ssTable, String procNetTcp, String procNetTcp6, int mtu) {
    }

    private final Path root;
    private final ProcSysTree tree;

    private EngineShell(Path root) {
        this.root = root;
        this.tree = new ProcSysTree(root);
    }

    static EngineShell create() throws TargetException {
        try {
            Path root = Files.createTempDirectory("jdrill-engine-shell-");
            EngineShell shell = new EngineShell(root);
            Path bin = Files.createDirectories(root.resolve("bin"));
            for (String name : SHIMS) {
                try (InputStream in = EngineShell.class.getResourceAsStream("shims/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("shim " + name + " is missing from the jar");
                    }
                    Path shim = bin.resolve(name);
                    Files.write(shim, in.readAllBytes());
                    setExecutable(shim);
                }
            }
            for (String tool : UNANSWERED_TOOLS) {
                try (InputStream in = EngineShell.class.getResourceAsStream("shims/network-tool")) {
                    Path shim = bin.resolve(tool);
                    Files.write(shim, in.readAllBytes());
                    setExecutable(shim);
                }
            }
            Files.writeString(root.resolve("rewrite.sed"),
                    ShellRewriter.SED_SCRIPT.replace("@ROOT@", shell.tree.procSys().getParent().toString()));
            Files.writeString(root.resolve("qdisc"), "pfifo_fast\n");
            return shell;
        } catch (IOException e) {
            throw new TargetException("cannot prepare the engine's shell: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the command and returns what it changed in the engine's sysctls (to apply in order).
     *
     * @throws UnsupportedByTargetException when a shim met something the engine cannot honour, or the
     *     command executes a script that touches /proc/sys where no rewrite reaches
     */
    Result run(String command, Path workingDirectory, Map<String, String> environment, EngineView view)
            throws TargetException {
        Optional<Path> unreachable = ShellRewriter.unreachableProcSys(command, workingDirectory);
        if (unreachable.isPresent()) {
            throw new UnsupportedByTargetException("the engine cannot follow /proc/sys paths inside " + unreachable.get()
                    + ", which the command runs as a program of its own (source it with `.`, or use sysctl)");
        }
        Optional<String> procNet = ShellRewriter.unrenderedProcNet(command);
        if (procNet.isPresent()) {
            throw new UnsupportedByTargetException("the engine does not show " + procNet.get() + " (it keeps no such table or counters)");
        }
        try {
            prepare(view);
            String rewritten = ShellRewriter.rewrite(command, tree.procSys());
            CommandOutcome outcome = execute(rewritten, workingDirectory, environment);
            List<String> skips = readSkips();
            if (!skips.isEmpty()) {
                throw new UnsupportedByTargetException("the engine cannot honour `" + skips.getFirst() + "`");
            }
            boolean flushed = Files.deleteIfExists(root.resolve("tcp_metrics_flushed"));
            return new Result(outcome, tree.changes(), flushed);
        } catch (IOException e) {
            throw new TargetException("the engine's shell failed: " + e.getMessage(), e);
        }
    }

    /** The command's exit status and output, the sysctl files it changed, and whether it ran {@code ip tcp_metrics flush}. */
    record Result(CommandOutcome outcome, List<ProcSysTree.Change> changes, boolean tcpMetricsFlushed) {
    }

    private void prepare(EngineView view) throws IOException {
        tree.write(view.sysctls());
        Files.writeString(root.resolve("ss.txt"), view.ssTable());
        Path procNet = Files.createDirectories(root.resolve("proc").resolve("net"));
        Files.writeString(procNet.resolve("tcp"), view.procNetTcp());
        Files.writeString(procNet.resolve("tcp6"), view.procNetTcp6());
        Files.writeString(root.resolve("mtu"), view.mtu() + "\n");
        Files.writeString(root.resolve("link.txt"), "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                + "2: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu " + view.mtu()
                + " qdisc " + Files.readString(root.resolve("qdisc")).strip() + " state UNKNOWN mode DEFAULT group default qlen 500\n"
                + "    link/none \n");
        Files.deleteIfExists(root.resolve("skips"));
    }

    private CommandOutcome execute(String command, Path workingDirectory, Map<String, String> environment)
            throws TargetException {
        List<String> argv = new ArrayList<>();
        if (runsInPrivateNetns()) {
            argv.addAll(List.of("unshare", "--net", "--"));
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("JDRILL_ENGINE_ROOT", root.toString());
        env.put("PATH", root.resolve("bin") + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TargetException("cannot start /bin/sh: " + e.getMessage(), e);
        }
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()),
                    Thread::startVirtualThread);
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return new CommandOutcome(-1, output.getNow("") + "\n(timed out after " + TIMEOUT.toSeconds() + " s)");
            }
            return new CommandOutcome(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while running `" + command + "`");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            kill(process);
            throw new TargetException("could not read the output of `" + command + "`: " + e.getMessage());
        }
    }

    private List<String> readSkips() throws IOException {
        Path skips = root.resolve("skips");
        if (!Files.exists(skips)) {
            return List.of();
        }
        return Files.readAllLines(skips, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    /** Root on Linux with a working {@code unshare --net}: checked once per JVM. */
    private static boolean runsInPrivateNetns() {
        Optional<Boolean> known = privateNetnsWorks;
        if (known.isPresent()) {
            return known.get();
        }
        boolean works = false;
        if (System.getProperty("os.name", "").equals("Linux") && isRoot()) {
            try {
                Process p = new ProcessBuilder("unshare", "--net", "--", "/bin/true").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                works = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                works = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        privateNetnsWorks = Optional.of(works);
        return works;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        return false;
    }

    private static void setExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    private static void kill(Process process) {
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

    /** Removes the temporary directory and everything in it. Never throws. */
    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless; the run's verdict does not depend on it.
        }
    }
}
