package dev.jdrill.explore;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.EventOutcome;
import dev.jdrill.interpreter.ObservedSegment;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.ScriptSession;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.interpreter.target.Target;
import dev.jdrill.interpreter.target.TargetConfig;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.Targets;
import dev.jdrill.interpreter.target.UnsupportedByTargetException;
import dev.jdrill.wire.TcpState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a script on one side as a recording run: the events go through a {@link ScriptSession}, which
 * takes every segment off the stack as it is sent and lets the script's shorthand segments answer what the
 * stack actually did (the ack of what it sent), so nothing the stack sends has to be predicted. A line
 * that fails (a call returning something else than written, a state other than written) does not end the
 * run: what actually happened is what gets compared.
 */
public final class SideRunner {
    private static final Pattern SYSCTL = Pattern.compile("^sysctl -q (net\\.[a-z0-9_.]+)=(\\d+)$");
    private static final Pattern CALL_TEXT = Pattern.compile("^(\\w+)\\(\\) = (-?\\d+)(?: (\\w+) \\((.*)\\))?$");
    private static final long LATENESS_LIMIT_USECS = 100_000;
    private static final Path WORK_DIR = Path.of(System.getProperty("java.io.tmpdir"));

    private final long toleranceUsecs;

    /** @param toleranceUsecs the timing tolerance the runs use (inbound lateness on a wall-clock target) */
    public SideRunner(long toleranceUsecs) {
        this.toleranceUsecs = toleranceUsecs;
    }

    public Recording record(Side side, ExploreScript script) {
        String text = script.text();
        ScriptLoader.Loaded loaded = ScriptLoader.fromText("explore.pkt", text, Map.of());
        if (loaded.script().isEmpty()) {
            return Recording.unusable(side, "the script does not parse: "
                    + loaded.diagnostics().stream().map(Diagnostic::header).findFirst().orElse("?"));
        }
        Target target;
        try {
            target = Targets.create(side.target());
        } catch (RuntimeException e) {
            return Recording.unusable(side, "cannot create target " + side.target() + ": " + e.getMessage());
        }
        // A line the host runs late is measured and its lateness taken out of the times that follow (see
        // runEvents), rather than failed: only a line later than this is an error.
        RunOptions options = new RunOptions(Optional.of(Math.max(toleranceUsecs, LATENESS_LIMIT_USECS)), Map.of(),
                Optional.empty(), TargetConfig.IpMode.IPV4, false);
        List<ObservedSegment> sent = new ArrayList<>();
        try (ScriptSession session = ScriptSession.start(target, options, WORK_DIR, sent::add)) {
            for (Map.Entry<String, String> s : side.sysctls().entrySet()) {
                session.target().setSysctl(Side.fullName(s.getKey()), s.getValue());
            }
            return runEvents(side, script, loaded.script().get(), session, sent, 2 * toleranceUsecs);
        } catch (TargetException e) {
            return Recording.unusable(side, "target error: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours must not pass for a difference between the stacks.
            return Recording.unusable(side, "internal error in jdrill: " + e);
        }
    }

    /**
     * @param tailMicros how long to keep recording after the last line: what the stack answers to it is
     *     compared too (the comparison leaves out only the last tolerance before the end)
     */
    private static Recording runEvents(Side side, ExploreScript steps, Script script, ScriptSession session,
                                       List<ObservedSegment> sent, long tailMicros) {
        Map<Integer, EventOutcome> outcomes = new HashMap<>();
        for (Event event : script.events()) {
            Optional<EventOutcome> direct = setDirectly(event, session);
            EventOutcome outcome = direct.isPresent() ? direct.get() : session.runEvent(event);
            if (outcome.verdict() instanceof Verdict.Skip skip) {
                return Recording.unusable(side, "SKIP: " + skip.reason());
            }
            outcomes.put(event.span().line(), outcome);
        }
        if (!script.events().isEmpty()) {
            session.advanceTo(session.nowMicros() + tailMicros, script.events().getLast());
        }
        List<TraceEntry> trace = session.trace();
        // On the wall clock each line starts a little after the previous one ended, and a shell command
        // or a slow call shifts everything after it. Times are recorded as if every line had started on
        // time: a segment's time moves by the lateness of the last line that started before it.
        long[] nominal = nominalStarts(steps);
        List<Recording.LineRecord> lines = new ArrayList<>();
        long[] lateness = new long[steps.size() + 1];
        for (Event event : script.events()) {
            int line = event.span().line();
            EventOutcome outcome = outcomes.get(line);
            Optional<String> failure = outcome.verdict() instanceof Verdict.Fail f ? Optional.of(f.failure().message())
                    : Optional.empty();
            lateness[line] = actualStart(trace, line, outcome.startMicros()) - nominal[line];
            lines.add(new Recording.LineRecord(line, nominal[line], failure, callOn(trace, line),
                    stateOn(trace, line), injectedOn(trace, line)));
        }
        List<Recording.RecordedSegment> segments = new ArrayList<>();
        long previous = 0;
        for (ObservedSegment s : sent) {
            Optional<SegmentFields> fields = SegmentFields.parse(s.notation());
            if (s.ofConnectionUnderTest() && fields.isPresent()) {
                // Still in send order: a packet read off the device late may fall after a later line's start.
                int after = lineBefore(s.timeMicros(), lines, lateness);
                long time = Math.max(previous, s.timeMicros() - (after == 0 ? 0 : lateness[after]));
                segments.add(new Recording.RecordedSegment(time, s.notation(), fields.get(), after));
                previous = time;
            }
        }
        long end = session.nowMicros() - (lines.isEmpty() ? 0 : lateness[lines.getLast().line()]);
        return new Recording(side, Optional.empty(), lines, segments, end);
    }

    /**
     * A generated tunable line ({@code `sysctl -q NAME=VALUE`}) set through the target rather than a shell:
     * the same setting, without a process start (tens of milliseconds, more on a busy host) that would
     * push the rest of the script late on a wall-clock target.
     */
    private static Optional<EventOutcome> setDirectly(Event event, ScriptSession session) {
        if (!(event.action() instanceof Command c)) {
            return Optional.empty();
        }
        Matcher m = SYSCTL.matcher(c.text().replace("`", "").strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long now = session.nowMicros();
        try {
            session.target().setSysctl(m.group(1), m.group(2));
            return Optional.of(new EventOutcome(new Verdict.Pass(), now, Optional.empty(), Optional.empty()));
        } catch (UnsupportedByTargetException e) {
            return Optional.of(new EventOutcome(new Verdict.Skip(e.getMessage()), now, Optional.empty(), Optional.empty()));
        } catch (TargetException e) {
            return Optional.empty();
        }
    }

    /** Each line's start had every line started on time (index = 1-based line). */
    private static long[] nominalStarts(ExploreScript steps) {
        long[] starts = new long[steps.size() + 1];
        long t = 0;
        for (int i = 0; i < steps.size(); i++) {
            t += steps.steps().get(i).gapMicros();
            starts[i + 1] = t;
        }
        return starts;
    }

    /** The last line that had started by {@code rawMicros}, 0 if none. */
    private static int lineBefore(long rawMicros, List<Recording.LineRecord> lines, long[] lateness) {
        int line = 0;
        for (Recording.LineRecord l : lines) {
            if (l.startMicros() + lateness[l.line()] <= rawMicros) {
                line = l.line();
            }
        }
        return line;
    }

    /**
     * When a line actually happened: an injection's or a call's own time (a busy host may make it later
     * than scheduled), else its scheduled start.
     */
    private static long actualStart(List<TraceEntry> trace, int line, long scheduled) {
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Injected i && i.line() == line) {
                return i.timeMicros();
            }
            if (e instanceof TraceEntry.CallReturned c && c.line() == line) {
                return c.startMicros();
            }
        }
        return scheduled;
    }

    private static Optional<Recording.CallResult> callOn(List<TraceEntry> trace, int line) {
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.CallReturned c && c.line() == line) {
                Matcher m = CALL_TEXT.matcher(c.text());
                if (m.matches()) {
                    return Optional.of(new Recording.CallResult(m.group(1), Long.parseLong(m.group(2)),
                            Optional.ofNullable(m.group(3)), Optional.ofNullable(m.group(4))));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<TcpState> stateOn(List<TraceEntry> trace, int line) {
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.StateSeen s && s.line() == line) {
                return Optional.of(s.state());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> injectedOn(List<TraceEntry> trace, int line) {
        for (TraceEntry e : trace) {
            if (e instanceof TraceEntry.Injected i && i.line() == line) {
                return Optional.of(i.scriptNotation());
            }
        }
        return Optional.empty();
    }
}
