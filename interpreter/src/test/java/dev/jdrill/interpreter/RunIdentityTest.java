package dev.jdrill.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunIdentityTest {
    @Test
    void everyRunOfTheJvmGetsItsOwnId() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 1000).parallel().forEach(i -> ids.add(RunIdentity.next()));
        assertThat(ids).hasSize(1000)
                .allSatisfy(id -> assertThat(id).startsWith(Long.toString(ProcessHandle.current().pid())).matches("\\d+"));
    }
}
