package dev.jdrill.grammar.bench;

import dev.jdrill.grammar.Corpus;
import dev.jdrill.grammar.ParseResult;
import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.Validator;

import java.nio.file.Path;
import java.util.List;

/**
 * Prints the warm parse (+ validate) rate over the corpus. Not a test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:antlr4-runtime.jar dev.jdrill.grammar.bench.ParseBenchmark}.
 */
public final class ParseBenchmark {
    private ParseBenchmark() {
    }

    public static void main(String[] args) {
        List<Path> paths = Corpus.scripts();
        if (paths.isEmpty()) {
            System.out.println("packetdrill corpus not found (set -Djdrill.shared=/path/to/shared)");
            return;
        }
        List<String> texts = paths.stream().map(Corpus::read).toList();
        long bytes = texts.stream().mapToLong(String::length).sum();
        int warmupPasses = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int measuredPasses = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long sink = 0;
        for (int i = 0; i < warmupPasses; i++) {
            sink += pass(paths, texts);
        }
        long start = System.nanoTime();
        for (int i = 0; i < measuredPasses; i++) {
            sink += pass(paths, texts);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double filesPerSecond = measuredPasses * texts.size() / seconds;
        System.out.printf("corpus: %d files, %d KiB; %d warm passes%n", texts.size(), bytes / 1024, measuredPasses);
        System.out.printf("parse+validate: %.0f files/s, %.1f ms per full corpus pass, %.1f MB/s (checksum %d)%n",
                filesPerSecond, seconds * 1000 / measuredPasses, measuredPasses * bytes / seconds / 1e6, sink);
    }

    private static long pass(List<Path> paths, List<String> texts) {
        long events = 0;
        for (int i = 0; i < texts.size(); i++) {
            ParseResult result = ScriptParser.parse(paths.get(i).toString(), texts.get(i));
            events += result.script().map(s -> s.events().size() + Validator.validate(s).size()).orElse(-1);
        }
        return events;
    }
}
