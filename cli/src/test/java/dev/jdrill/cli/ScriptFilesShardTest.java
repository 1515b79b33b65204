package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run --shard I/N}: CI splits the suite across N machines; no script may run twice or never. */
class ScriptFilesShardTest {

    private static List<Path> suite(int size) {
        // Deliberately unsorted input: every machine must compute the same split whatever order it listed in.
        List<Path> files = new ArrayList<>();
        IntStream.range(0, size).map(i -> (i * 7919) % size)
                .forEach(i -> files.add(Path.of("scripts", "dir" + (i % 3), "s" + i + ".pkt")));
        return files;
    }

    @ParameterizedTest(name = "{0} scripts in {1} shards")
    @CsvSource({"0, 1", "1, 3", "10, 1", "10, 3", "10, 10", "11, 4", "177, 8", "5, 7"})
    void shardsAreDisjointAndCoverTheSuite(int size, int count) {
        List<Path> all = suite(size);
        Set<Path> seen = new HashSet<>();
        int total = 0;
        for (int index = 1; index <= count; index++) {
            List<Path> shard = ScriptFiles.shard(all, index, count);
            for (Path p : shard) {
                assertThat(seen.add(p)).as("%s is in two shards", p).isTrue();
            }
            total += shard.size();
            // Balanced: no shard is more than one script larger than another.
            assertThat(shard.size()).isBetween(size / count, (size + count - 1) / count);
        }
        assertThat(total).isEqualTo(size);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theSplitDoesNotDependOnTheOrderTheFilesWereListedIn() {
        List<Path> listed = suite(20);
        List<Path> reversed = new ArrayList<>(listed.reversed());
        for (int index = 1; index <= 3; index++) {
            assertThat(ScriptFiles.shard(reversed, index, 3)).isEqualTo(ScriptFiles.shard(listed, index, 3));
        }
    }
}
