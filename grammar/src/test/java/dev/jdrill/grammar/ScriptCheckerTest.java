package dev.jdrill.grammar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** File-level checking: I/O and encoding problems are located diagnostics, never exceptions. */
class ScriptCheckerTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsADiagnosticAtOneOne() {
        assertThat(ScriptChecker.check(dir.resolve("nope.pkt"))).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(1);
            assertThat(d.span().column()).isEqualTo(1);
            assertThat(d.message()).contains("no such file");
        });
    }

    @Test
    void directoryIsADiagnostic() {
        assertThat(ScriptChecker.check(dir)).singleElement().satisfies(d -> assertThat(d.message()).startsWith("cannot read file"));
    }

    @Test
    void invalidUtf8IsLocatedAtTheFirstBadByte() throws Exception {
        Path file = dir.resolve("bad.pkt");
        Files.write(file, new byte[] {'0', ' ', 'x', '\n', '+', '0', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        assertThat(ScriptChecker.check(file)).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("UTF-8");
            assertThat(d.span().line()).isEqualTo(2);
            assertThat(d.span().column()).isEqualTo(4);
        });
    }

    @Test
    void goodFileHasNoDiagnostics() throws Exception {
        Path file = dir.resolve("good.pkt");
        Files.writeString(file, BrokenScriptsTest.GOOD);
        assertThat(ScriptChecker.check(file)).isEmpty();
    }
}
