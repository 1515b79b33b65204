package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.ast.Action;
import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.OptionLine;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.StateAssertion;
import dev.jdrill.grammar.JdrillParser.*;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parse tree → AST for the script structure: option lines, events, times, commands, code blocks and state
 * assertions. Packets and system calls have their own builders. Semantic errors packetdrill reports while
 * parsing (negative time, numbers out of range) become diagnostics in the shared {@link BuildContext}.
 */
public final class AstBuilder {
    private final BuildContext context;
    private final PacketBuilder packets;
    private final SyscallBuilder syscalls;

    AstBuilder(BuildContext context) {
        this.context = context;
        this.packets = new PacketBuilder(context);
        this.syscalls = new SyscallBuilder(context);
    }

    Script script(String path, ScriptContext ctx) {
        List<OptionLine> options = ctx.optionLine().stream().map(this::optionLine).toList();
        List<Event> events = new ArrayList<>();
        for (EventContext event : ctx.event()) {
            events.add(new Event(time(event.eventTime()), action(event.action()), context.spans.of(event)));
        }
        List<Command> untimed = ctx.initCommands.stream().map(this::command).toList();
        Optional<Command> init = untimed.stream().findFirst();
        Optional<Command> cleanup = Optional.ofNullable(ctx.cleanupCommand).map(this::command);
        if (untimed.size() > 1) {
            Command second = untimed.get(1);
            context.error(second.span(), "a second command without a time before the first event: a script has"
                    + " one untimed setup command; put a time before this one (e.g. 0) or join the two with ;");
        }
        if (events.isEmpty()) {
            // A lone command is the init command for the grammar; packetdrill needs at least one event.
            SourceSpan where = init.map(Command::span).orElseGet(() -> context.spans.of(ctx.getStop()));
            context.error(where, "script has no events");
        }
        return new Script(path, options, init, events, cleanup, context.spans.of(ctx));
    }

    Event singleEvent(SingleEventContext ctx) {
        EventTime time = ctx.eventTime() == null
                ? new EventTime.Now(context.spans.of(ctx.action().getStart()))
                : time(ctx.eventTime());
        return new Event(time, action(ctx.action()), context.spans.of(ctx.getStart(), ctx.action().getStop()));
    }

    private OptionLine optionLine(OptionLineContext ctx) {
        String name = ctx.OPTION().getText().substring(2);
        Optional<String> value = Optional.empty();
        if (ctx.optionValue() != null) {
            List<OptionAtomContext> atoms = ctx.optionValue().optionAtom();
            String text = optionAtom(atoms.getFirst(), false);
            if (atoms.size() > 1) {
                // --define=NAME="value" keeps the quotes so the definition knows it is a string (packetdrill).
                text = text + "=" + optionAtom(atoms.get(1), true);
            }
            value = Optional.of(text);
        }
        return new OptionLine(name, value, context.spans.of(ctx));
    }

    private static String optionAtom(OptionAtomContext atom, boolean keepQuotes) {
        String text = atom.getText();
        if (!keepQuotes && (atom.STRING() != null || atom.BACK_QUOTED() != null)) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    private Command command(CommandContext ctx) {
        return command(ctx.BACK_QUOTED());
    }

    private Command command(TerminalNode backQuoted) {
        String text = backQuoted.getText();
        return new Command(text.substring(1, text.length() - 1), context.spans.of(backQuoted));
    }

    EventTime time(EventTimeContext ctx) {
        SourceSpan span = context.spans.of(ctx);
        return switch (ctx) {
            case RelativeRangeTimeContext r -> range(r.start, r.end, true, span);
            case AbsoluteRangeTimeContext r -> range(r.start, r.end, false, span);
            case RelativeTimeContext r -> new EventTime.Relative(micros(r.time()), span);
            case AbsoluteTimeContext a -> new EventTime.Absolute(micros(a.time()), span);
            case AnyTimeContext a -> new EventTime.AnyTime(span);
            default -> throw new IllegalStateException("unknown time form " + ctx.getClass().getSimpleName());
        };
    }

    private EventTime range(TimeContext start, TimeContext end, boolean relative, SourceSpan span) {
        return new EventTime.Range(micros(start), micros(end), relative, span);
    }

    /** A time in seconds as written, to exact microseconds; negative times are an error (packetdrill). */
    long micros(TimeContext ctx) {
        String text = ctx.getText();
        var parsed = Numbers.parseSecondsToMicros(text);
        if (parsed.isEmpty()) {
            context.error(ctx, "time out of range: " + text);
            return 0;
        }
        if (parsed.getAsLong() < 0 || text.startsWith("-")) {
            context.error(ctx, "negative time: " + text);
            return 0;
        }
        return parsed.getAsLong();
    }

    private Action action(ActionContext ctx) {
        if (ctx.packetSpec() != null) {
            return packets.packet(ctx.packetSpec());
        }
        if (ctx.stateAssertion() != null) {
            return stateAssertion(ctx.stateAssertion());
        }
        if (ctx.syscallSpec() != null) {
            return syscalls.syscall(ctx.syscallSpec(), this::micros);
        }
        if (ctx.BACK_QUOTED() != null) {
            return command(ctx.BACK_QUOTED());
        }
        return code(ctx.CODE().getSymbol());
    }

    /** Packetdrill strips spaces and tabs (not newlines) from both ends of a %{ }% block. */
    private Code code(Token token) {
        String text = token.getText();
        String inner = text.substring(2, text.length() - 2);
        int start = 0;
        int end = inner.length();
        while (start < end && (inner.charAt(start) == ' ' || inner.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (inner.charAt(end - 1) == ' ' || inner.charAt(end - 1) == '\t')) {
            end--;
        }
        return new Code(inner.substring(start, end), context.spans.of(token));
    }

    private StateAssertion stateAssertion(StateAssertionContext ctx) {
        Optional<Integer> fd = Optional.empty();
        if (ctx.fd != null) {
            var value = Numbers.parseInteger(ctx.fd.getText());
            if (value.isEmpty() || value.getAsLong() < 0 || value.getAsLong() > Integer.MAX_VALUE) {
                context.error(ctx.fd, "file descriptor out of range: " + ctx.fd.getText());
                fd = Optional.of(0);
            } else {
                fd = Optional.of((int) value.getAsLong());
            }
        }
        return new StateAssertion(fd, ctx.stateName.getText(), context.spans.of(ctx));
    }
}
