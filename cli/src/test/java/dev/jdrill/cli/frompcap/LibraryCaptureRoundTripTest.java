package dev.jdrill.cli.frompcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import dev.jdrill.report.PcapDirectoryReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole library through from-pcap and back on the kernel: each script runs on the linux target with
 * {@code --pcap}, from-pcap turns the capture into a script, and that script passes on the kernel again.
 * What the capture cannot show — the host's tunables, set by a script's setup commands and option lines
 * — is carried over from the original, as a user converting a capture would write them down.
 */
class LibraryCaptureRoundTripTest {
    /** Longer than 20 s each on the kernel: left to a run by hand, to keep the build short. */
    private static final List<String> LONG = List.of("retries2-default.pkt", "orphan-retries-default.pkt",
            "connect-timeout-default.pkt", "synack-retries-default.pkt", "syn-retries-3.pkt", "retries2-5.pkt",
            "shell-setup.pkt");
    /** What from-pcap cannot write, by design, with the reason. */
    private static final Map<String, String> NOT_CONVERTIBLE = Map.of(
            "rst-for-closed-port.pkt", "the stack never opens a connection (it only resets a SYN to a closed port)");

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run jdrill(String... args) {
        StringWriter out = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
        return new Run(exit, out.toString());
    }

    /** Runs the scripts on the kernel (2 at a time); a script that fails is given one more try alone. */
    private static Map<Path, String> failuresOnTheKernel(List<Path> scripts, Optional<Path> pcapDir) {
        List<String> args = new ArrayList<>(List.of("run", "--target", "linux", "--jobs", "2"));
        pcapDir.ifPresent(d -> args.addAll(List.of("--pcap", d.toString())));
        scripts.forEach(s -> args.add(s.toString()));
        String batch = jdrill(args.toArray(String[]::new)).out();
        Map<Path, String> failures = new LinkedHashMap<>();
        for (Path script : scripts) {
            if (batch.contains("PASS " + script + " ")) {
                continue;
            }
            List<String> again = new ArrayList<>(args.subList(0, 3));
            pcapDir.ifPresent(d -> again.addAll(List.of("--pcap", d.toString())));
            again.add(script.toString());
            Run retry = jdrill(again.toArray(String[]::new));
            if (retry.exit() != 0) {
                failures.put(script, retry.out().lines().filter(l -> l.contains("error:")).findFirst().orElse(retry.out()));
            }
        }
        return failures;
    }

    /** The original's setup: its backtick commands and option lines, which no capture shows. */
    private static String setup(Path original) throws IOException {
        return Files.readAllLines(original).stream()
                .filter(l -> l.strip().matches("(\\+?0\\s+)?`.*`") || l.strip().startsWith("--"))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void everyScriptOfTheLibraryComesBackThroughFromPcap() throws IOException {
        KernelRequirement.requireLinuxTarget(Optional.empty());
        List<Path> originals;
        try (Stream<Path> files = Files.walk(Path.of("../scripts"))) {
            originals = files.filter(p -> p.toString().endsWith(".pkt"))
                    .filter(p -> !LONG.contains(p.getFileName().toString()))
                    .filter(p -> !NOT_CONVERTIBLE.containsKey(p.getFileName().toString())).sorted().toList();
        }
        assertThat(originals).hasSizeGreaterThan(40);
        Path captures = Files.createDirectories(dir.resolve("captures"));
        assertThat(failuresOnTheKernel(originals, Optional.of(captures))).as("the library on this kernel").isEmpty();

        List<Path> converted = new ArrayList<>();
        Map<Path, Path> originalOf = new LinkedHashMap<>();
        for (Path original : originals) {
            Path capture = captures.resolve(PcapDirectoryReport.fileName(original.toString(), "linux"));
            Run fromPcap = jdrill("from-pcap", capture.toString());
            assertThat(fromPcap.exit()).as("from-pcap on the capture of %s:\n%s", original, fromPcap.out()).isZero();
            Path script = dir.resolve(original.getParent().getFileName() + "-" + original.getFileName());
            Files.writeString(script, setup(original) + fromPcap.out());
            converted.add(script);
            originalOf.put(script, original);
        }
        Map<Path, String> failures = failuresOnTheKernel(converted, Optional.empty());
        StringBuilder why = new StringBuilder();
        failures.forEach((script, error) -> why.append(originalOf.get(script)).append(": ").append(error).append('\n')
                .append(readQuietly(script)).append('\n'));
        System.out.printf("capture round trip: %d of %d scripts pass again on the kernel%n",
                converted.size() - failures.size(), converted.size());
        assertThat(failures).as("scripts from-pcap wrote that fail on the kernel:\n%s", why).isEmpty();
    }

    private static String readQuietly(Path script) {
        try {
            return Files.readString(script);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
