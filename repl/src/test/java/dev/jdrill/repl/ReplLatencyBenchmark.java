package dev.jdrill.repl;

import dev.jdrill.interpreter.RunOptions;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Enter-to-printed-response of the REPL on the engine: from handing a typed line to the session until the
 * stack's answer is printed. Prints figures; asserts nothing (run it with
 * {@code java -cp <test classpath> dev.jdrill.repl.ReplLatencyBenchmark [rounds]}). Goal: under 50 ms.
 */
public final class ReplLatencyBenchmark {
    private static final String[] LISTENER = {
        "socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
        "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
        "bind(3, ..., ...) = 0",
        "listen(3, 1) = 0",
    };
    private static final String SYN = "< S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>";

    /** Remembers when the last line was printed and how many were. */
    private static final class Clock extends Writer {
        volatile long lastLineNanos;
        int lines;

        @Override
        public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                    lastLineNanos = System.nanoTime();
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private ReplLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        measure("warm-up", rounds, false);
        measure("listener + SYN: Enter to SYN-ACK printed", rounds, false);
        measure("established + write: :wait 1000 to the whole tcp_retries2 ladder printed", Math.max(10, rounds / 10), true);
    }

    private static void measure(String title, int rounds, boolean ladder) {
        double[] millis = new double[rounds];
        int printed = 0;
        for (int r = 0; r < rounds; r++) {
            Clock clock = new Clock();
            PrintWriter out = new PrintWriter(clock, true);
            ReplOutput output = new ReplOutput(out, new PrintWriter(Writer.nullWriter()), false);
            try (Repl repl = Repl.open("engine", java.util.Map.of(), RunOptions.defaults(), Path.of("").toAbsolutePath(), output).orElseThrow()) {
                for (String line : LISTENER) {
                    repl.handle(line);
                }
                String timed = SYN;
                if (ladder) {
                    repl.handle(SYN);
                    repl.handle("> S. 0:0(0) ack 1 <...>");
                    repl.handle("< . 1:1(0) ack 1 win 257");
                    repl.handle("accept(3, ..., ...) = 4");
                    repl.handle("write(4, ..., 1000) = 1000");
                    timed = ":wait 1000";
                }
                int before = clock.lines;
                long start = System.nanoTime();
                repl.handle(timed);
                millis[r] = (clock.lastLineNanos - start) / 1e6;
                printed = clock.lines - before;
            }
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "%-80s rounds %4d  lines printed %3d  median %7.3f ms  p90 %7.3f ms  max %7.3f ms%n",
                title, rounds, printed, millis[rounds / 2], millis[(int) (rounds * 0.9)], millis[rounds - 1]);
    }
}
