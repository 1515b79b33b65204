package dev.jdrill.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    private static ExploreScript script(String... actions) {
        return new ExploreScript(java.util.Arrays.stream(actions).map(a -> new ExploreScript.Step("+0.1", a)).toList());
    }

    @Test
    void keepsOnlyTheLinesTheDivergenceNeeds() {
        ExploreScript s = script("a", "b", "c", "d", "e", "f", "g", "h");
        Shrinker shrinker = new Shrinker(c -> c.steps().stream().map(ExploreScript.Step::action).toList()
                .containsAll(List.of("c", "f")), 100);

        ExploreScript small = shrinker.shrink(s);

        assertThat(small.steps()).extracting(ExploreScript.Step::action).containsExactly("c", "f");
        // Values too: the gaps went to 0 since the oracle does not care about them.
        assertThat(small.steps()).extracting(ExploreScript.Step::time).containsOnly("+0");
    }

    @Test
    void neverDropsTheLineThatMakesASocketNonBlocking() {
        ExploreScript s = script("accept(3, ..., ...) = 4", "fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0", "x");
        ExploreScript small = new Shrinker(c -> true, 100).shrink(s);

        assertThat(small.steps()).extracting(ExploreScript.Step::action).isEmpty();
    }

    @Test
    void stopsAtItsBudget() {
        Shrinker shrinker = new Shrinker(c -> false, 5);
        shrinker.shrink(script("a", "b", "c", "d", "e", "f", "g", "h"));
        assertThat(shrinker.candidatesRun()).isLessThanOrEqualTo(6);
    }

    @Test
    void simplerValues() {
        List<ExploreScript.Step> simpler = Shrinker.simplerSteps(new ExploreScript.Step("+0.5", "write(4, ..., 1000) = 1000"));
        assertThat(simpler).extracting(ExploreScript.Step::time).contains("+0", "+0.01", "+0.1");
        assertThat(simpler).extracting(ExploreScript.Step::action).contains("write(4, ..., 1) = 1", "write(4, ..., 100) = 100");
        assertThat(Shrinker.simplerSteps(new ExploreScript.Step("+0", "< . seq 1 win 257 <nop,nop,TS val 1 ecr 0>")))
                .extracting(ExploreScript.Step::action).contains("< . seq 1 win 257");
    }
}
