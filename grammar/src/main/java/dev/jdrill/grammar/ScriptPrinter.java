package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Action;
import dev.jdrill.grammar.ast.Code;
import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.OptionLine;
import dev.jdrill.grammar.ast.PacketAction;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.StateAssertion;
import dev.jdrill.grammar.ast.Syscall;
import dev.jdrill.grammar.parse.Numbers;

import java.util.regex.Pattern;

/**
 * AST → canonical script text: one event per line, times in seconds with no trailing zeros, packets in
 * packetdrill notation (or jdrill shorthand when that is how they were written). Parsing the output gives back
 * the same AST apart from source positions. Also used to show a single event or packet in messages.
 */
public final class ScriptPrinter {
    private static final Pattern BARE_OPTION_VALUE = Pattern.compile("[A-Za-z0-9_.:-]+(=.*)?", Pattern.DOTALL);

    private ScriptPrinter() {
    }

    public static String print(Script script) {
        StringBuilder out = new StringBuilder();
        for (OptionLine option : script.options()) {
            out.append(option(option)).append('\n');
        }
        script.initCommand().ifPresent(c -> out.append(command(c)).append('\n'));
        for (Event event : script.events()) {
            out.append(event(event)).append('\n');
        }
        script.cleanupCommand().ifPresent(c -> out.append(command(c)).append('\n'));
        return out.toString();
    }

    public static String option(OptionLine option) {
        return "--" + option.name() + option.value().map(v ->
                "=" + (BARE_OPTION_VALUE.matcher(v).matches() ? v : "\"" + v + "\"")).orElse("");
    }

    /** One event as a script line; an event without a time (REPL) prints just its action. */
    public static String event(Event event) {
        String time = time(event.time());
        return time.isEmpty() ? action(event.action()) : time + " " + action(event.action());
    }

    public static String time(EventTime time) {
        return switch (time) {
            case EventTime.Absolute a -> Numbers.formatSeconds(a.micros());
            case EventTime.Relative r -> "+" + Numbers.formatSeconds(r.micros());
            case EventTime.AnyTime any -> "*";
            case EventTime.Range r -> r.relative()
                    ? "+" + Numbers.formatSeconds(r.startMicros()) + "~+" + Numbers.formatSeconds(r.endMicros())
                    : Numbers.formatSeconds(r.startMicros()) + "~" + Numbers.formatSeconds(r.endMicros());
            case EventTime.Now now -> "";
        };
    }

    public static String action(Action action) {
        return switch (action) {
            case PacketAction packet -> PacketPrinter.packet(packet);
            case Syscall call -> syscall(call);
            case Command command -> command(command);
            case Code code -> "%{ " + code.text() + " }%";
            case StateAssertion state -> "state" + state.fd().map(fd -> "(" + fd + ")").orElse("") + " " + state.state();
        };
    }

    private static String command(Command command) {
        return "`" + command.text() + "`";
    }

    public static String syscall(Syscall call) {
        StringBuilder out = new StringBuilder();
        call.end().ifPresent(end -> out.append("...").append(Numbers.formatSeconds(end.micros())).append(' '));
        out.append(call.name()).append('(').append(ExprPrinter.list(call.args())).append(") = ")
                .append(ExprPrinter.expr(call.result()));
        call.errno().ifPresent(errno -> out.append(' ').append(errno));
        call.note().ifPresent(note -> out.append(" (").append(note).append(')'));
        return out.toString();
    }
}
