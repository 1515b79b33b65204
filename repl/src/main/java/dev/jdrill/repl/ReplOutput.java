package dev.jdrill.repl;

import java.io.PrintWriter;

/**
 * Where the REPL writes. Segments and what commands show go to {@code out}, which stays a valid script
 * when stdin is piped (segments are script lines, everything else a {@code //} comment); diagnostics go
 * to {@code err}.
 */
record ReplOutput(PrintWriter out, PrintWriter err, boolean interactive) {

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Informational text, as comments so that a piped transcript still parses as a script. */
    void note(String text) {
        for (String l : text.split("\n", -1)) {
            out.println(l.isEmpty() ? "//" : "// " + l);
        }
        out.flush();
    }

    void error(String text) {
        err.println(text);
        err.flush();
    }
}
