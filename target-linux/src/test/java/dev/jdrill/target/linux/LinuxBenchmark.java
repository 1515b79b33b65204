package dev.jdrill.target.linux;

import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptRunner;
import dev.jdrill.interpreter.TargetWarmup;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.Targets;
import dev.jdrill.linux.LinuxCapability;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.Payload;
import dev.jdrill.wire.TcpFlags;
import dev.jdrill.wire.TcpSegment;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Prints figures, asserts nothing (root and /dev/net/tun needed):
 * <ol>
 *   <li>lateness of scheduled injections on the linux target — waitUntil a scripted instant, then
 *       inject, exactly as the interpreter's inbound step does — median, p99 and max over N
 *       injections at random 1–10 ms gaps (packetdrill's own figure on such hosts: p99 0.2–0.9 ms);</li>
 *   <li>the wall time of a corpus directory run with two scripts at a time (as {@code run --jobs 2}),
 *       and how many passed (packetdrill's serial figure for the 160 ipv4 scripts: 156 s).</li>
 * </ol>
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp "$CP" dev.jdrill.target.linux.LinuxBenchmark \
 *        [injections=2000] [corpus-dir=../shared/corpus/google-packetdrill/gtests/net/tcp] [jobs=2]
 * </pre>
 */
public final class LinuxBenchmark {
    private LinuxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            System.out.println("linux benchmark skipped: " + u.reason());
            return;
        }
        int injections = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path corpus = Path.of(args.length > 1 ? args[1] : "../shared/corpus/google-packetdrill/gtests/net/tcp");
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        injectionLateness(injections);
        if (Files.isDirectory(corpus)) {
            corpusWallTime(corpus, jobs);
        } else {
            System.out.println("corpus wall time skipped: no directory " + corpus);
        }
    }

    private static void injectionLateness(int n) throws Exception {
        TargetWarmup.ensure(Targets.LINUX);
        LinuxTarget target = new LinuxTarget();
        long[] late = new long[n];
        try {
            target.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            InetAddress remote = InetAddress.getByName("192.0.2.1");
            InetAddress local = InetAddress.getByName("192.168.0.1");
            Random random = new Random(1);
            long at = target.nowMicros() + 10_000;
            for (int i = 0; i < n; i++) {
                // A bare ACK to a closed port: the kernel answers with a RST, which the reader takes.
                IpPacket p = IpPacket.of(remote, local, new TcpSegment(40000 + (i % 1000), 9, 1, 1,
                        TcpFlags.of(TcpFlags.ACK), 257, 0, List.of(), Payload.EMPTY));
                target.waitUntil(at);
                long now = target.nowMicros();
                target.inject(p);
                late[i] = now - at;
                while (target.nextOutbound(0).isPresent()) {
                    // drain the RSTs
                }
                at += 1_000 + random.nextInt(9_000);
            }
        } finally {
            target.close();
        }
        Arrays.sort(late);
        System.out.printf("injection lateness over %d scheduled injections (1-10 ms apart): median %d us, "
                + "p90 %d us, p99 %d us, max %d us (packetdrill: p99 200-900 us)%n", n, late[n / 2],
                late[(int) (n * 0.90)], late[(int) (n * 0.99)], late[n - 1]);
    }

    private static void corpusWallTime(Path dir, int jobs) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".pkt")).filter(p -> !p.toString().endsWith("v6.pkt"))
                    .sorted().toList();
        }
        TargetWarmup.ensure(Targets.LINUX);
        RunOptions options = new RunOptions(java.util.Optional.empty(), java.util.Map.of(), java.util.Optional.empty(),
                TargetConfig.IpMode.IPV4, false);
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<?>> all = new ArrayList<>();
            for (Path f : files) {
                all.add(pool.submit(() -> {
                    RunResult r = run(f, options);
                    switch (r.verdict()) {
                        case Verdict.Pass p -> passed.incrementAndGet();
                        case Verdict.Fail x -> failed.incrementAndGet();
                        case Verdict.Skip s -> skipped.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("corpus %s: %d scripts with %d jobs in %.1f s wall (%d passed, %d failed, %d skipped); "
                + "packetdrill serial: 156 s for 160%n", dir, files.size(), jobs, wall / 1000.0, passed.get(),
                failed.get(), skipped.get());
    }

    private static RunResult run(Path file, RunOptions options) {
        ScriptLoader.Loaded loaded = ScriptLoader.load(file, options.defines());
        Script script = loaded.script().orElse(null);
        if (script == null) {
            return new RunResult(file.toString(), "linux", new Verdict.Skip("does not parse"), 0, 0, List.of(), List.of());
        }
        return ScriptRunner.run(script, Targets.create(Targets.LINUX), options);
    }
}
