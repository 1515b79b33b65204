package dev.jdrill.report.diagram;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's {@code chromium}, headless, offline (no network features, a fresh profile per call): renders a
 * local file to a PNG or dumps its DOM, as a person's browser would show the report.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Chromium from PATH, if installed. */
    static Optional<HeadlessChromium> find(Path workDir) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, workDir));
                }
            }
        }
        return Optional.empty();
    }

    BufferedImage screenshot(Path page, int width, int height) throws IOException, InterruptedException {
        Path png = Files.createTempFile(workDir, "shot", ".png");
        run(page, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IOException("chromium wrote no PNG to " + png);
        }
        return image;
    }

    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    private String run(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile");
        Path out = Files.createTempFile(workDir, "chromium", ".out");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited with " + p.exitValue());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Pixels that are not (near) white: a blank page has none. */
    static long inkedPixels(BufferedImage image) {
        return count(image, (r, g, b) -> r < 235 || g < 235 || b < 235);
    }

    /** Strongly red pixels (the FAIL pill, the differences: #e03131), not the orange of RST arrows. */
    static long redPixels(BufferedImage image) {
        return count(image, (r, g, b) -> r > 190 && g < 70 && b < 70);
    }

    private interface ColourTest {
        boolean matches(int r, int g, int b);
    }

    private static long count(BufferedImage image, ColourTest test) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (test.matches((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
