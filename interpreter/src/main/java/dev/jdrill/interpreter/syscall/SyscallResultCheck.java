package dev.jdrill.interpreter.syscall;

import dev.jdrill.grammar.ast.Expr;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.catalogue.ArgumentKind;
import dev.jdrill.grammar.catalogue.ResultKind;
import dev.jdrill.grammar.catalogue.SyscallCatalogue;
import dev.jdrill.interpreter.target.CallOutcome;
import dev.jdrill.interpreter.target.SocketValue;
import dev.jdrill.wire.Errno;
import java.util.Optional;

/**
 * Compares a call's outcome with the script's {@code = ret [ERRNO (note)]} and with any output argument
 * the script states (getsockopt's {@code [1100]}, poll's {@code revents}). Messages follow packetdrill's
 * ("Expected result 0 but got -1 with errno 111 (Connection refused)").
 */
public final class SyscallResultCheck {

    private SyscallResultCheck() {
    }

    /** The mismatch, in words, or empty when the outcome is what the script said. */
    public static Optional<String> mismatch(Syscall syscall, CallOutcome outcome) throws EvaluationException {
        return mismatch(syscall, outcome, 4000, 0);
    }

    /**
     * As {@link #mismatch(Syscall, CallOutcome)}, with the tolerance an SCM_TIMESTAMPING time is held
     * to (packetdrill's scm_timestamping_expect_eq: tolerance_usecs; an expected 0 is not checked) and
     * the target time of the script's time zero: targets report those times on their own clock.
     */
    public static Optional<String> mismatch(Syscall syscall, CallOutcome outcome, long timestampToleranceUsecs,
            long scriptZeroMicros) throws EvaluationException {
        return mismatchFrom(syscall, outcome, new TimeCheck(timestampToleranceUsecs, scriptZeroMicros));
    }

    /** How a script's SCM_TIMESTAMPING time is held against a target's. */
    private record TimeCheck(long toleranceUsecs, long scriptZeroMicros) {
    }

    private static Optional<String> mismatchFrom(Syscall syscall, CallOutcome outcome, TimeCheck tolerance)
            throws EvaluationException {
        Expr result = syscall.result();
        if (!(result instanceof Expr.Ellipsis)) {
            long expected = ArgumentEvaluator.integer(result);
            boolean fdResult = SyscallCatalogue.byName(syscall.name()).map(c -> c.result() == ResultKind.NEW_FD).orElse(false)
                    && expected >= 0;
            // A call that creates an fd may return any number: script fds are names (CHECK_FD in packetdrill).
            boolean same = fdResult ? outcome.returnValue() >= 0 : expected == outcome.returnValue();
            if (!same) {
                return Optional.of("expected result " + expected + " but got " + outcome.returnValue()
                        + " with errno " + describe(outcome.errno()));
            }
        }
        if (syscall.errno().isPresent()) {
            String expectedName = syscall.errno().get();
            Optional<Errno> expectedErrno = Errno.fromName(expectedName);
            if (expectedErrno.isEmpty()) {
                throw new EvaluationException(syscall.span(), "unknown errno " + expectedName);
            }
            if (outcome.errno().isEmpty() || outcome.errno().get().number() != expectedErrno.get().number()) {
                return Optional.of("expected errno " + expectedErrno.get().number() + " (" + expectedName + ") but got "
                        + describe(outcome.errno()));
            }
        }
        // No errno written: any errno goes with a matching result (run_system_call.c end_syscall).
        return outputMismatch(syscall, outcome, tolerance);
    }

    private static Optional<String> outputMismatch(Syscall syscall, CallOutcome outcome, TimeCheck tolerance)
            throws EvaluationException {
        if (SyscallCatalogue.byName(syscall.name()).filter(c -> c.arguments().contains(ArgumentKind.FD_PAIR_OUT)).isPresent()) {
            return Optional.empty(); // pipe's live fds, which the script's [r, w] name (bound by the interpreter)
        }
        for (int i = 0; i < outcome.outputs().size() && i < syscall.args().size(); i++) {
            SocketValue actual = outcome.outputs().get(i);
            if (actual instanceof SocketValue.Unspecified) {
                continue;
            }
            Expr arg = syscall.args().get(i);
            if (arg instanceof Expr.Ellipsis) {
                continue;
            }
            SocketValue expected = ArgumentEvaluator.evaluate(arg);
            Optional<String> difference = differ(expected, actual, "argument " + (i + 1), tolerance);
            if (difference.isPresent()) {
                return difference;
            }
        }
        return Optional.empty();
    }

    /** Structural comparison where the script's {@code ...} matches anything. */
    private static Optional<String> differ(SocketValue expected, SocketValue actual, String where, TimeCheck tolerance) {
        if (expected instanceof SocketValue.Unspecified || actual instanceof SocketValue.Unspecified) {
            return Optional.empty();
        }
        if (expected instanceof SocketValue.Array e && actual instanceof SocketValue.Array a) {
            if (where.endsWith(".msg_control") && e.elements().size() != a.elements().size()) {
                // cmsg_expect_eq: every control message is compared, and their number.
                return Optional.of(where + ": " + (a.elements().size() > e.elements().size()
                        ? "received more than " + e.elements().size() + " cmsgs"
                        : "received only " + a.elements().size() + " cmsgs"));
            }
            for (int i = 0; i < Math.min(e.elements().size(), a.elements().size()); i++) {
                Optional<String> d = differ(e.elements().get(i), a.elements().get(i), where + "[" + i + "]", tolerance);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (expected instanceof SocketValue.Struct e && actual instanceof SocketValue.Array a) {
            // epoll_wait(fd, {events=..., fd=...}, n, t): packetdrill compares the script's one struct
            // with the first event the kernel returned (none returned: nothing to compare).
            return a.elements().isEmpty() ? Optional.empty() : differ(e, a.elements().getFirst(), where, tolerance);
        }
        if (expected instanceof SocketValue.Struct e && actual instanceof SocketValue.Struct a
                && e.field("scm_nsec").isPresent() && a.field("scm_nsec").isPresent()) {
            long want = micros(e);
            long got = micros(a) - tolerance.scriptZeroMicros();
            return want == 0 || Math.abs(want - got) <= tolerance.toleranceUsecs() ? Optional.empty()
                    : Optional.of(where + ": bad timestamp in scm_timestamping: expected " + want + " us but got " + got + " us");
        }
        if (expected instanceof SocketValue.Struct e && actual instanceof SocketValue.Struct a) {
            for (SocketValue.Field f : e.fields()) {
                Optional<SocketValue> other = a.field(f.name());
                if (other.isPresent()) {
                    Optional<String> d = differ(f.value(), other.get(), where + "." + f.name(), tolerance);
                    if (d.isPresent()) {
                        return d;
                    }
                }
            }
            return Optional.empty();
        }
        Optional<Long> e = expected.asLong();
        Optional<Long> a = actual.asLong();
        if (e.isPresent() && a.isPresent()) {
            // A 32-bit value the script writes unsigned (0xffffffff) and the kernel's int (-1) are the same int.
            boolean sameInt = (e.get() & 0xffffffffL) == (a.get() & 0xffffffffL)
                    && e.get() >= Integer.MIN_VALUE && e.get() <= 0xffffffffL
                    && a.get() >= Integer.MIN_VALUE && a.get() <= 0xffffffffL;
            return e.get().equals(a.get()) || sameInt ? Optional.empty()
                    : Optional.of(where + ": expected " + e.get() + " but got " + a.get());
        }
        return expected.equals(actual) ? Optional.empty()
                : Optional.of(where + ": expected " + expected + " but got " + actual);
    }

    /** {scm_sec=S, scm_nsec=N} as microseconds of script time. */
    private static long micros(SocketValue.Struct ts) {
        long sec = ts.field("scm_sec").flatMap(SocketValue::asLong).orElse(0L);
        long nsec = ts.field("scm_nsec").flatMap(SocketValue::asLong).orElse(0L);
        return sec * 1_000_000 + nsec / 1000;
    }

    private static String describe(Optional<Errno> errno) {
        return errno.map(e -> e.number() + " (" + e.description() + ")").orElse("0 (Success)");
    }
}
