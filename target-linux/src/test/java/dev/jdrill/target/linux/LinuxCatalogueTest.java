package dev.jdrill.target.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jdrill.grammar.catalogue.ArgumentKind;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.interpreter.target.CallHandle;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.linux.LinuxCapability;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every call the validator accepts (the catalogue) reaches the kernel on the linux target or is a SKIP
 * that names it, exactly as the catalogue's linux column says. The calls go to fd -1 (EBADF is the
 * kernel's answer, and proves the call was made) except those that make something new inside the
 * test's namespace (a socket, an epoll fd, a pipe, /dev/null opened), which the target closes.
 */
class LinuxCatalogueTest {

    private static List<SocketValue> sampleArguments(SyscallCatalogue call) {
        List<SocketValue> args = new ArrayList<>();
        for (ArgumentKind kind : call.arguments()) {
            args.add(switch (kind) {
                case FD -> new SocketValue.Int(-1);
                case FAMILY -> new SocketValue.Int(SocketConstants.AF_INET);
                case PATH -> new SocketValue.Str("/dev/null");
                case IOVEC, POLL_FDS, FD_PAIR_OUT, OFFSET -> new SocketValue.Array(List.of());
                case MESSAGE_IN, MESSAGE_OUT, EPOLL_EVENT, STRUCT -> new SocketValue.Struct(List.of());
                case INT, LOCAL_ADDRESS, REMOTE_ADDRESS, ADDRESS_LENGTH, ADDRESS_OUT, LENGTH_OUT, BUFFER, COUNT,
                        OPTION_VALUE, EPOLL_EVENTS_OUT -> new SocketValue.Int(0);
            });
        }
        if (call == SyscallCatalogue.SOCKET) {
            args.set(1, new SocketValue.Int(SocketConstants.SOCK_STREAM));
        }
        if (call == SyscallCatalogue.EPOLL_CREATE) {
            args.set(0, new SocketValue.Int(1));
        }
        return args;
    }

    @Test
    void eachCatalogueCallReachesTheKernelOrIsANamedSkip() throws Exception {
        if (LinuxCapability.check() instanceof LinuxCapability.Unavailable u) {
            if ("1".equals(System.getenv("JDRILL_REQUIRE_LINUX"))) {
                fail("JDRILL_REQUIRE_LINUX=1 but " + u.reason());
            }
            Assumptions.abort(u.reason());
        }
        try (LinuxTarget t = new LinuxTarget()) {
            t.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            for (SyscallCatalogue call : SyscallCatalogue.values()) {
                SocketCall typed = SocketCall.of(call, sampleArguments(call));
                if (call.implementedBy(t.name())) {
                    CallHandle h = t.startCall(typed);
                    assertThat(t.awaitCall(h, t.nowMicros() + 1_000_000)).as(call.callName()).isPresent();
                } else {
                    assertThatThrownBy(() -> t.startCall(typed)).as(call.callName())
                            .isInstanceOf(UnsupportedByTargetException.class)
                            .hasMessage("the linux target does not implement " + call.callName() + "()");
                }
            }
        }
    }
}
