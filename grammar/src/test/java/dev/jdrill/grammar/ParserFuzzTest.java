package dev.jdrill.grammar;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seeded mutation fuzzing over the corpus: character flips, token deletions, duplications and swaps,
 * truncations. Nothing may escape the parser or validator, and every diagnostic must be located.
 */
class ParserFuzzTest {
    private static final long SEED = Long.getLong("jdrill.fuzz.seed", 20240607L);
    private static final int MUTANTS = Integer.getInteger("jdrill.fuzz.mutants", 10_000);
    private static final String INTERESTING = "<>()[]{}:.,=|+*~-`\"%/ \n\t\0\u00ff\ufffd0123456789abcSFP";

    @Test
    void mutatedCorpusScriptsNeverThrowAndAlwaysGiveLocatedDiagnostics() {
        List<Path> scripts = Corpus.scripts();
        assumeTrue(!scripts.isEmpty(), "packetdrill corpus not found (set -Djdrill.shared)");
        List<String> texts = scripts.stream().map(Corpus::read).toList();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < MUTANTS && failures.size() < 5; i++) {
            String original = texts.get(random.nextInt(texts.size()));
            String mutant = mutate(original, random);
            try {
                List<Diagnostic> diagnostics = ScriptChecker.check("fuzz.pkt", mutant, Map.of());
                for (Diagnostic d : diagnostics) {
                    if (d.message().isBlank() || !BrokenScriptsTest.isLocatedIn(d, mutant)) {
                        failures.add("mutant " + i + ": badly located " + d);
                    }
                    d.render(mutant);
                }
                rejected += diagnostics.isEmpty() ? 0 : 1;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add("mutant " + i + " (seed " + SEED + "): " + e);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(rejected).as("most mutants are broken").isGreaterThan(MUTANTS / 4);
    }

    static String mutate(String text, Random random) {
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && !text.isEmpty(); r++) {
            text = switch (random.nextInt(6)) {
                case 0 -> flipCharacter(text, random);
                case 1 -> deleteToken(text, random);
                case 2 -> duplicateToken(text, random);
                case 3 -> swapTokens(text, random);
                case 4 -> text.substring(0, random.nextInt(text.length()));
                default -> insertCharacter(text, random);
            };
        }
        return text;
    }

    private static String flipCharacter(String text, Random random) {
        int at = random.nextInt(text.length());
        return text.substring(0, at) + INTERESTING.charAt(random.nextInt(INTERESTING.length())) + text.substring(at + 1);
    }

    private static String insertCharacter(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + INTERESTING.charAt(random.nextInt(INTERESTING.length())) + text.substring(at);
    }

    /** Tokens here are runs of non-blank characters: crude, which is the point. */
    private static int[] tokenAt(String text, Random random) {
        int at = random.nextInt(text.length());
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        int end = at;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return new int[] {at, end};
    }

    private static String deleteToken(String text, Random random) {
        int[] t = tokenAt(text, random);
        return text.substring(0, t[0]) + text.substring(t[1]);
    }

    private static String duplicateToken(String text, Random random) {
        int[] t = tokenAt(text, random);
        return text.substring(0, t[1]) + " " + text.substring(t[0], t[1]) + text.substring(t[1]);
    }

    private static String swapTokens(String text, Random random) {
        int[] a = tokenAt(text, random);
        int[] b = tokenAt(text, random);
        if (a[0] > b[0]) {
            int[] s = a;
            a = b;
            b = s;
        }
        if (a[1] > b[0]) {
            return text;
        }
        return text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
                + text.substring(a[0], a[1]) + text.substring(b[1]);
    }
}
