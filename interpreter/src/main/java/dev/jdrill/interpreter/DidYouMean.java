package dev.jdrill.interpreter;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The known name closest to a misspelt one, for "did you mean" in messages about unknown sysctls,
 * symbols and REPL commands. Closeness is the edit distance (insert, delete, replace, swap of two
 * neighbours); a name is offered only when it is near enough to be the same word mistyped.
 */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The closest of {@code known} to {@code typed}, if one is within a typo's reach of it. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        int allowed = Math.max(1, Math.min(3, typed.length() / 4));
        return known.stream()
                .map(k -> new Candidate(k, distance(typed.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT))))
                .filter(c -> c.distance() <= allowed && c.distance() > 0)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    /** {@code " (did you mean X?)"} or nothing, ready to append to a message. */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private record Candidate(String name, int distance) {
    }

    /** Optimal string alignment distance: Levenshtein plus the transposition typists make most. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
