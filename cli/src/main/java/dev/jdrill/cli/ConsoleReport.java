package dev.jdrill.cli;

import dev.jdrill.report.ScriptOutcome;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The contract's console lines: PASS/FAIL/SKIP per script and target, then the totals. On a terminal the
 * verdicts and the counts are coloured (green, red, yellow), so a skipped script is as visible in the
 * summary as a failed one.
 */
final class ConsoleReport {
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean verbose;
    private final boolean colour;
    private int passed;
    private int failed;
    private int skipped;
    /** Whether segment streams are compared (engine,linux): then the totals say how many diverged. */
    private final boolean comparing;
    private int divergences;
    private int divergingScripts;

    ConsoleReport(PrintWriter out, boolean verbose, boolean colour, boolean comparing) {
        this.out = out;
        this.verbose = verbose;
        this.colour = colour;
        this.comparing = comparing;
    }

    /** A block per script whose engine segments differ from the kernel's: a DIVERGE line, then each one. */
    void divergences(String path, java.util.List<dev.jdrill.report.divergence.Divergence> found) {
        if (found.isEmpty()) {
            return;
        }
        divergences += found.size();
        divergingScripts++;
        out.println("DIVERGE " + path + ": " + found.size() + " segment" + (found.size() == 1 ? "" : "s")
                + " the engine sent differ" + (found.size() == 1 ? "s" : "") + " from the kernel's");
        found.forEach(d -> out.println(d.render()));
        out.flush();
    }

    int divergences() {
        return divergences;
    }

    void print(ScriptOutcome o) {
        if (o.result().isEmpty()) {
            failed++;
            out.println(paint(RED, "FAIL") + " " + o.path() + " (" + o.target() + ")");
            out.println(o.diagnosticText());
            return;
        }
        RunResult r = o.result().get();
        switch (r.verdict()) {
            case Verdict.Pass p -> {
                passed++;
                out.println(String.format(Locale.ROOT, "%s %s (%s, simulated %.3f s, wall %d ms)",
                        paint(GREEN, "PASS"), o.path(), o.target(), r.simulatedMicros() / 1e6, r.wallMillis()));
            }
            case Verdict.Fail f -> {
                failed++;
                out.println(paint(RED, "FAIL") + " " + o.path() + " (" + o.target() + ")");
                out.println(f.failure().render(o.sourceText()));
            }
            case Verdict.Skip s -> {
                skipped++;
                out.println(paint(YELLOW, "SKIP") + " " + o.path() + " (" + o.target() + "): " + s.reason());
            }
        }
        out.flush();
    }

    void note(String line) {
        out.println(line);
        out.flush();
    }

    int failed() {
        return failed;
    }

    int skipped() {
        return skipped;
    }

    /**
     * {@code N passed, M failed} and {@code , K skipped} when K > 0. Coloured, the counts that fail the
     * run are red, skips yellow (red under {@code --fail-on-skip}), and passes green only when nothing
     * else happened.
     */
    void printTotals(boolean skipsFail) {
        if (comparing) {
            out.println(divergences + " divergences between engine and linux in " + divergingScripts + " scripts");
        }
        boolean clean = failed == 0 && (skipped == 0 || !skipsFail);
        String line = paint(clean && skipped == 0 ? GREEN : "", passed + " passed") + ", "
                + paint(failed > 0 ? RED : "", failed + " failed")
                + (skipped > 0 ? ", " + paint(skipsFail ? RED : YELLOW, skipped + " skipped") : "");
        out.println(line);
        out.flush();
    }

    boolean verbose() {
        return verbose;
    }

    private String paint(String colourCode, String text) {
        return colour && !colourCode.isEmpty() ? colourCode + text + RESET : text;
    }
}
