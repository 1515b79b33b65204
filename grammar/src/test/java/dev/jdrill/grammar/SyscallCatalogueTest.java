package dev.jdrill.grammar;

import dev.jdrill.grammar.catalogue.ArgumentKind;
import dev.jdrill.grammar.catalogue.ResultKind;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator accepts exactly the calls of the catalogue. */
class SyscallCatalogueTest {

    private static boolean accepted(String call) {
        return ScriptChecker.check("s.pkt", "0 " + call + "(3) = 0\n", Map.of()).isEmpty();
    }

    @Test
    void everyCatalogueCallIsAcceptedAndNothingElse() {
        assertThat(SyscallCatalogue.values()).allSatisfy(c -> assertThat(accepted(c.callName())).as(c.callName()).isTrue());
        assertThat(accepted("accept5")).isFalse();
        assertThat(accepted("eventfd")).isFalse();
    }

    @Test
    void theCallsBothTargetsImplementPassCheck() {
        // Rejected by check before the catalogue, though both targets implement them.
        assertThat(Arrays.asList("accept4", "getsockname", "getpeername", "epoll_create1")).allSatisfy(
                name -> assertThat(accepted(name)).as(name).isTrue());
    }

    @Test
    void argumentAndResultKindsSayWhatThePlannerNeeds() {
        assertThat(SyscallCatalogue.byName("accept4")).hasValueSatisfying(c -> {
            assertThat(c.result()).isEqualTo(ResultKind.NEW_FD);
            assertThat(c.argument(0)).isEqualTo(ArgumentKind.FD);
        });
        assertThat(SyscallCatalogue.EPOLL_CTL.arguments()).containsExactly(ArgumentKind.FD, ArgumentKind.INT,
                ArgumentKind.FD, ArgumentKind.EPOLL_EVENT);
        assertThat(SyscallCatalogue.CONNECT.argument(1)).isEqualTo(ArgumentKind.REMOTE_ADDRESS);
        assertThat(SyscallCatalogue.CAP_SET.implementedBy("engine") || SyscallCatalogue.CAP_SET.implementedBy("linux")).isFalse();
    }
}
