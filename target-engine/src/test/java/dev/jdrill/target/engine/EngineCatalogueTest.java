package dev.jdrill.target.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.grammar.catalogue.ArgumentKind;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.interpreter.target.SocketCall;
import dev.jdrill.interpreter.target.SocketConstants;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import java.util.stream.Stream;

/**
 * Every call the validator accepts (the catalogue) is implemented by the engine or a SKIP that names it,
 * exactly as the catalogue's engine column says: a listed call runs (an errno is an answer), an unlisted
 * one SKIPs. Nothing outside the catalogue can reach a target (a {@link SocketCall} exists only for a
 * catalogue entry), so every call the engine implements is one the validator accepts.
 */
class EngineCatalogueTest {

    /** Arguments the engine accepts for the call (fd 3 need not exist: EBADF is an implementation too). */
    static List<SocketValue> sampleArguments(SyscallCatalogue call) {
        List<SocketValue> args = new ArrayList<>();
        for (ArgumentKind kind : call.arguments()) {
            args.add(switch (kind) {
                case FD -> new SocketValue.Int(3);
                case FAMILY -> new SocketValue.Int(SocketConstants.AF_INET);
                case PATH -> new SocketValue.Str("/dev/null");
                case IOVEC, POLL_FDS, FD_PAIR_OUT, OFFSET -> new SocketValue.Array(List.of());
                case MESSAGE_IN, MESSAGE_OUT, EPOLL_EVENT, STRUCT -> new SocketValue.Struct(List.of());
                case INT, LOCAL_ADDRESS, REMOTE_ADDRESS, ADDRESS_LENGTH, ADDRESS_OUT, LENGTH_OUT, BUFFER, COUNT,
                        OPTION_VALUE, EPOLL_EVENTS_OUT -> new SocketValue.Int(0);
            });
        }
        switch (call) {
            case SOCKET -> args.set(1, new SocketValue.Int(SocketConstants.SOCK_STREAM));
            // An address, not an Int: connect(fd, AF_UNSPEC, ...) is the disconnect, which the engine SKIPs.
            case CONNECT -> args.set(1, new SocketValue.Address(
                    TargetConfig.defaults(TargetConfig.IpMode.IPV4).remoteAddress(), 8080));
            case IOCTL -> args.set(1, new SocketValue.Int(SocketConstants.SIOCINQ));
            case FCNTL -> args.set(1, new SocketValue.Int(SocketConstants.F_GETFL));
            case SETSOCKOPT, GETSOCKOPT -> {
                args.set(1, new SocketValue.Int(SocketConstants.SOL_SOCKET));
                args.set(2, new SocketValue.Int(SocketConstants.SO_REUSEADDR));
            }
            default -> {
                // the generic arguments do
            }
        }
        return args;
    }

    @TestFactory
    Stream<DynamicTest> eachCatalogueCallIsImplementedOrANamedSkip() {
        return Stream.of(SyscallCatalogue.values()).map(call -> DynamicTest.dynamicTest(call.callName(), () -> {
            EngineTarget target = new EngineTarget();
            target.start(TargetConfig.defaults(TargetConfig.IpMode.IPV4));
            SocketCall typed = SocketCall.of(call, sampleArguments(call));
            if (call.implementedBy(target.name())) {
                target.startCall(typed);
            } else {
                assertThatThrownBy(() -> target.startCall(typed)).isInstanceOf(UnsupportedByTargetException.class)
                        .hasMessage("the engine does not model " + call.callName() + "()");
            }
            target.close();
        }));
    }
}
