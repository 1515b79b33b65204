package dev.jdrill.repl;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.LineParseResult;
import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.Validator;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.interpreter.EventOutcome;
import dev.jdrill.interpreter.ObservedSegment;
import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.interpreter.ScriptSession;
import dev.jdrill.interpreter.Verdict;
import dev.jdrill.interpreter.target.TargetException;
import dev.jdrill.interpreter.target.Targets;
import java.math.BigDecimal;
import java.nio.file.Path;
import dev.jdrill.interpreter.target.TargetIntrospection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One REPL session: takes what the user enters (a script line, a bare time, or a {@code :command}), runs
 * it on the live target at once and prints what happened. Every input line is a line of the session's
 * transcript, so diagnostics point into it as they would into a file ({@code repl:7:12: error: ...}).
 * Nothing a user enters ends the session but {@code :quit} or the end of input.
 */
public final class Repl implements AutoCloseable {
    static final String SOURCE = "repl";
    /** {@code +60} waits 60 s; {@code 60} waits until script time 60 s. */
    private static final Pattern BARE_TIME = Pattern.compile("(\\+)?(\\d+(?:\\.\\d+)?)");

    private final String targetName;
    /** The target's own settings (the remote target's interface, host, agent), for every session. */
    private final Map<String, String> targetSettings;
    private final RunOptions options;
    private final Path workingDirectory;
    private final ReplOutput output;
    private final StringBuilder transcript = new StringBuilder();
    private final ReplCommands commands;
    private int lineCount;
    private ScriptSession session;
    private SessionRecording recording = new SessionRecording();
    /** Piped: the stack's lines of the input being handled, printed after the line that caused them. */
    private final PipedTranscript piped;
    private boolean anyFailed;

    private Repl(String targetName, Map<String, String> targetSettings, RunOptions options, Path workingDirectory,
            ReplOutput output) {
        this.targetName = targetName;
        this.targetSettings = Map.copyOf(targetSettings);
        this.options = options;
        this.workingDirectory = workingDirectory;
        this.output = output;
        this.commands = new ReplCommands(this);
        this.piped = new PipedTranscript(output);
    }

    /** A session on a fresh target, or empty (after saying why) when the target cannot start. */
    public static Optional<Repl> open(String targetName, Map<String, String> targetSettings, RunOptions options,
            Path workingDirectory, ReplOutput output) {
        Repl repl = new Repl(targetName, targetSettings, options, workingDirectory, output);
        return repl.startSession() ? Optional.of(repl) : Optional.empty();
    }

    boolean startSession() {
        recording = new SessionRecording();
        try {
            session = ScriptSession.start(Targets.create(targetName, targetSettings), options, workingDirectory, this::report);
            return true;
        } catch (TargetException | RuntimeException e) {
            output.error("jdrill: cannot start the " + targetName + " target: " + e.getMessage());
            return false;
        }
    }

    private void report(ObservedSegment segment) {
        recording.segment(segment);
        if (segment.ofConnectionUnderTest()) {
            if (output.interactive()) {
                output.line(segment.scriptLine());
            } else {
                piped.sent(segment);
            }
        } else {
            output.note(segment.scriptLine() + "   (another connection: " + segment.packet().source().getHostAddress()
                    + " > " + segment.packet().destination().getHostAddress() + ")");
        }
    }

    /**
     * Handles one input (one line, or the lines of a {@code %{ }%} block).
     *
     * @return false when the user asked to quit
     */
    public boolean handle(String input) {
        try {
            return handleInput(input);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A bug of ours ends neither the session nor shows a stack trace; the line simply failed.
            anyFailed = true;
            output.error("jdrill: internal error: " + e);
            return true;
        } finally {
            piped.flush();
        }
    }

    private boolean handleInput(String input) {
        int firstLine = lineCount + 1;
        String body = input.endsWith("\n") ? input.substring(0, input.length() - 1) : input;
        transcript.append(body).append('\n');
        lineCount += (int) body.chars().filter(c -> c == '\n').count() + 1;
        String trimmed = body.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("//")) {
            return true;
        }
        if (trimmed.startsWith(":")) {
            return commands.run(trimmed, firstLine);
        }
        Matcher bare = BARE_TIME.matcher(trimmed);
        if (bare.matches()) {
            long micros = micros(bare.group(2));
            waitUntil(bare.group(1) != null ? session.nowMicros() + micros : micros, firstLine);
            return true;
        }
        runLine(body, firstLine, transcript.toString());
        return true;
    }

    /**
     * Parses, validates and runs one script line; {@code source} is the text its diagnostics point into.
     *
     * @return whether it ran and passed
     */
    boolean runLine(String text, int lineNumber, String source) {
        LineParseResult parsed = ScriptParser.parseLine(SOURCE, text, lineNumber, options.defines());
        if (!parsed.ok()) {
            fail(parsed.diagnostics(), source);
            return false;
        }
        Event event = parsed.event().get();
        List<Diagnostic> invalid = validate(event);
        if (!invalid.isEmpty()) {
            fail(invalid, source);
            return false;
        }
        return runEvent(event, source);
    }

    /** Runs a parsed event, reports its failure if any and records it for {@code :save}; true if it passed. */
    boolean runEvent(Event event, String source) {
        long place = recording.nextPlace();
        EventOutcome outcome = session.runEvent(event);
        switch (outcome.verdict()) {
            case Verdict.Pass p -> {
                String action = ActionText.of(source, event);
                if (outcome.matchedSegment().isPresent()) {
                    recording.asserted(outcome.matchedSegment().get(), action);
                    piped.asserted(outcome.matchedSegment().get(), action);
                } else {
                    recording.event(place, outcome.startMicros(), outcome.blockingEndMicros(), action);
                    if (!output.interactive()) {
                        piped.event(outcome.startMicros(), SessionRecording.timeText(outcome.startMicros(),
                                outcome.blockingEndMicros()) + " " + action);
                    }
                }
                return true;
            }
            case Verdict.Fail f -> {
                anyFailed = true;
                output.error(f.failure().render(source));
            }
            case Verdict.Skip s -> {
                anyFailed = true;
                output.error("jdrill: " + targetName + " cannot run this: " + s.reason());
            }
        }
        return false;
    }

    /** A single line is validated as a one-event script, less the rule that a script starts at 0. */
    private static List<Diagnostic> validate(Event event) {
        Script single = new Script(SOURCE, List.of(), Optional.empty(), List.of(event), Optional.empty(), event.span());
        return Validator.validate(single).stream()
                .filter(d -> !d.message().startsWith("first event should be at time 0"))
                .toList();
    }

    void fail(List<Diagnostic> diagnostics, String source) {
        anyFailed = true;
        for (Diagnostic d : diagnostics) {
            output.error(d.render(source));
        }
    }

    /**
     * Lets time pass until {@code timeMicros}, printing what the stack sends meanwhile. A script has no
     * line that only waits, so the wait is kept as a {@code state} assertion at its end: replayed on
     * either target, it lasts as long and checks that the connection is where the session left it.
     */
    void waitUntil(long timeMicros, int lineNumber) {
        SourceSpan span = SourceSpan.at(SOURCE, lineNumber, 1);
        Event context = new Event(new EventTime.Now(span), new Command("wait", span), span);
        long place = recording.nextPlace();
        long end = Math.max(timeMicros, session.nowMicros());
        Verdict verdict = session.advanceTo(end, context);
        if (verdict instanceof Verdict.Fail) {
            reportFailure(verdict);
            return;
        }
        WaitLine.of(session.connections()).ifPresent(line -> {
            recording.waited(place, end, line);
            if (!output.interactive()) {
                piped.event(end, SessionRecording.timeText(end, Optional.empty()) + " " + line);
            }
        });
    }

    /** The end of input is the end of the script: a blocking call still in progress is checked, as run does. */
    void finish() {
        try {
            reportFailure(session.finish());
        } catch (RuntimeException e) {
            anyFailed = true;
            output.error("jdrill: internal error: " + e);
        } finally {
            piped.flush(); // what the stack sent while the blocking call finished
        }
    }

    private void reportFailure(Verdict verdict) {
        if (verdict instanceof Verdict.Fail f) {
            anyFailed = true;
            output.error(f.failure().render(transcript.toString()));
        }
    }

    /** The session's tunables by full sysctl name, where the target tells them (the engine does). */
    Map<String, String> tunableValues() {
        if (session != null && session.target() instanceof TargetIntrospection introspection) {
            return introspection.tunables().orElse(Map.of());
        }
        return Map.of();
    }

    static long micros(String seconds) {
        return new BigDecimal(seconds).movePointRight(6).longValue();
    }

    ScriptSession session() {
        return session;
    }

    SessionRecording recording() {
        return recording;
    }

    ReplOutput output() {
        return output;
    }

    String targetName() {
        return targetName;
    }

    RunOptions options() {
        return options;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** Whether any line failed: the exit status of a piped session. */
    public boolean anyFailed() {
        return anyFailed;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
