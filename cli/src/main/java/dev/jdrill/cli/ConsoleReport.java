package dev.jdrill.cli;

import dev.jdrill.report.ScriptOutcome;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/** The contract's console lines: PASS/FAIL/SKIP per script and target, then the totals. */
final class ConsoleReport {
    private final PrintWriter out;
    private final boolean verbose;
    private int passed;
    private int failed;
    private int skipped;
    /** Whether segment streams are compared (engine,linux): then the totals say how many diverged. */
    private final boolean comparing;
    private int divergences;
    private int divergingScripts;

    ConsoleReport(PrintWriter out, boolean verbose, boolean comparing) {
        this.out = out;
        this.verbose = verbose;
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
            out.println("FAIL " + o.path() + " (" + o.target() + ")");
            out.println(o.diagnosticText());
            return;
        }
        RunResult r = o.result().get();
        switch (r.verdict()) {
            case Verdict.Pass p -> {
                passed++;
                out.println(String.format(Locale.ROOT, "PASS %s (%s, simulated %.3f s, wall %d ms)",
                        o.path(), o.target(), r.simulatedMicros() / 1e6, r.wallMillis()));
            }
            case Verdict.Fail f -> {
                failed++;
                out.println("FAIL " + o.path() + " (" + o.target() + ")");
                out.println(f.failure().render(o.sourceText()));
            }
            case Verdict.Skip s -> {
                skipped++;
                out.println("SKIP " + o.path() + " (" + o.target() + "): " + s.reason());
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

    void printTotals() {
        if (comparing) {
            out.println(divergences + " divergences between engine and linux in " + divergingScripts + " scripts");
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
    }

    boolean verbose() {
        return verbose;
    }
}
