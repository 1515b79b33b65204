package dev.jdrill.explore;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The exploration's progress: a bar and the counts (generated, run, diverged, nondeterministic, shrunk).
 * On a terminal one line is redrawn after every script; otherwise a line is printed every so many scripts,
 * at the same scripts every time, so that for a given seed the output is the same from run to run (as long
 * as the stacks behave the same). The bar fills by scripts with {@code --count}, by time with {@code --time}.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final OptionalLong count;
    private final long timeLimitMillis;
    private boolean open;

    public ProgressBar(PrintWriter out, boolean terminal, OptionalLong count, long timeLimitMillis) {
        this.out = out;
        this.terminal = terminal;
        this.count = count;
        this.timeLimitMillis = timeLimitMillis;
    }

    /** After each script, in script order. */
    public void explored(ExploreSummary s, long elapsedMillis) {
        long every = count.isPresent() ? Math.max(1, count.getAsLong() / 20) : 25;
        if (terminal || s.generated % every == 0) {
            print(line(s, elapsedMillis));
        }
    }

    /** After each shrink. */
    public void shrinking(ExploreSummary s, long done, long total) {
        print(String.format(Locale.ROOT, "shrinking %s %d/%d divergences", bar(done, total), done, total));
    }

    /** Ends the redrawn line, if any. */
    public void finish() {
        if (open) {
            out.println();
            open = false;
        }
        out.flush();
    }

    String line(ExploreSummary s, long elapsedMillis) {
        String bar = count.isPresent() ? bar(s.generated, count.getAsLong()) : bar(elapsedMillis, timeLimitMillis);
        return String.format(Locale.ROOT, "%s generated %d · run %d · diverged %d (%d kinds) · nondeterministic %d · shrunk %d",
                bar, s.generated, s.run(), s.diverged(), s.groups.size(), s.nondeterministic.size(), s.shrunk);
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    private void print(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            open = true;
        } else {
            out.println(line);
        }
        out.flush();
    }
}
