package dev.jdrill.grammar.ast;

import java.util.List;
import java.util.Optional;

/**
 * A whole .pkt file: option lines, an optional backtick command before the first event (packetdrill's
 * "init command"), the events, and an optional backtick command after them (the "cleanup command",
 * run even when the script fails).
 */
public record Script(String path, List<OptionLine> options, Optional<Command> initCommand, List<Event> events,
                     Optional<Command> cleanupCommand, SourceSpan span) implements Node {
    public Script {
        options = List.copyOf(options);
        events = List.copyOf(events);
    }
}
