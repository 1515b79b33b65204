package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL in a real pseudo-terminal (tmux): prompt, tab completion, history recall, history kept across
 * sessions. Skipped without tmux, unless JDRILL_REQUIRE_TOOLS=1 (CI), where a missing tmux fails.
 */
class TerminalReplTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTmux() {
        boolean required = "1".equals(System.getenv("JDRILL_REQUIRE_TOOLS"));
        if (required) {
            assertThat(TmuxTerminal.available()).as("tmux is required (JDRILL_REQUIRE_TOOLS=1): apt-get install tmux").isTrue();
        }
        assumeTrue(TmuxTerminal.available(), "tmux is not installed");
    }

    @Test
    void completionAndHistoryWorkInATerminal() throws Exception {
        Path history = dir.resolve("history");
        try (TmuxTerminal t = TmuxTerminal.start(TmuxTerminal.launcher(dir, history, "repl"))) {
            t.await("jdrill>", WAIT);
            t.typeText("soc");
            t.type("Tab");
            t.await("jdrill> socket", WAIT);
            t.typeText("(..., SOCK_STR");
            t.type("Tab");
            t.await("SOCK_STREAM", WAIT);
            t.typeText(", IPPROTO_TCP) = 3");
            t.type("Enter");
            t.typeText(":sta");
            t.type("Tab");
            t.await("jdrill> :state", WAIT);
            t.type("Enter");
            t.await("script fd 3", WAIT);
            t.type("Up", "Up");
            String recalled = t.await("jdrill> socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", WAIT);
            assertThat(recalled.lines().filter(l -> l.startsWith("jdrill> socket")).count()).isEqualTo(2);
            t.type("C-c");
            // Ctrl-C reaches the REPL as SIGINT, asynchronously: keys typed at once could land before it.
            Thread.sleep(500);
            t.typeText(":quit");
            t.type("Enter");
            awaitExit(t);
        }
        assertThat(history).content().contains("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3").contains(":state");

        // A new session recalls the previous one's lines.
        try (TmuxTerminal t = TmuxTerminal.start(TmuxTerminal.launcher(dir, history, "repl"))) {
            t.await("jdrill>", WAIT);
            t.type("Up", "Up");
            t.await("jdrill> :state", WAIT);
            t.type("C-c");
            Thread.sleep(500);
            t.type("C-d");
            awaitExit(t);
        }
    }

    @Test
    void anOpenCodeBlockContinuesOnTheNextLineAndErrorsDoNotEndTheSession() throws Exception {
        try (TmuxTerminal t = TmuxTerminal.start(TmuxTerminal.launcher(dir, dir.resolve("h"), "repl"))) {
            t.await("jdrill>", WAIT);
            t.typeText("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
            t.type("Enter");
            t.typeText("%{");
            t.type("Enter");
            t.await("...>", WAIT);
            t.typeText("assert tcpi_rto == 7 }%");
            t.type("Enter");
            t.await("error:", WAIT);
            t.typeText("bind(3, ..., ...) = 0");
            t.type("Enter");
            t.typeText(":state");
            t.type("Enter");
            t.await("CLOSED", WAIT);
            t.typeText(":quit");
            t.type("Enter");
            awaitExit(t);
        }
        assertThat(Files.exists(dir.resolve("h"))).isTrue();
    }

    private static void awaitExit(TmuxTerminal t) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (t.running() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(t.running()).as("the REPL left").isFalse();
    }
}
