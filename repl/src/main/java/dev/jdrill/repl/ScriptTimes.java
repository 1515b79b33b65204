package dev.jdrill.repl;

import dev.jdrill.grammar.ast.Command;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.EventTime;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.Syscall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A loaded script's events as a session runs them: its init and cleanup commands become events of their
 * own, and absolute times move by the session time at which the script starts.
 */
final class ScriptTimes {

    private ScriptTimes() {
    }

    static List<Event> shifted(Script script, long baseMicros) {
        List<Event> out = new ArrayList<>();
        script.initCommand().ifPresent(c -> out.add(now(c)));
        for (Event e : script.events()) {
            out.add(shifted(e, baseMicros));
        }
        script.cleanupCommand().ifPresent(c -> out.add(now(c)));
        return out;
    }

    private static Event now(Command command) {
        return new Event(new EventTime.Now(command.span()), command, command.span());
    }

    static Event shifted(Event e, long base) {
        if (base == 0) {
            return e;
        }
        EventTime time = switch (e.time()) {
            case EventTime.Absolute a -> new EventTime.Absolute(a.micros() + base, a.span());
            case EventTime.Range r when !r.relative() ->
                    new EventTime.Range(r.startMicros() + base, r.endMicros() + base, false, r.span());
            default -> e.time();
        };
        // A blocking call's end is absolute unless its start is relative (see Syscall.BlockingEnd).
        if (e.action() instanceof Syscall s && s.end().isPresent() && !(e.time() instanceof EventTime.Relative)) {
            Syscall.BlockingEnd end = s.end().get();
            Syscall moved = new Syscall(s.name(), s.args(), s.result(), s.errno(), s.note(),
                    Optional.of(new Syscall.BlockingEnd(end.micros() + base, end.span())), s.span());
            return new Event(time, moved, e.span());
        }
        return new Event(time, e.action(), e.span());
    }
}
