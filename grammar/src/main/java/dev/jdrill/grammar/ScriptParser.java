package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.parse.ParseDriver;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front door of the language: text → {@link Script} (or {@link Event} for one REPL line) plus
 * diagnostics. Never throws for any input; thread-safe (no shared mutable state).
 */
public final class ScriptParser {
    private ScriptParser() {
    }

    /**
     * Parses a whole script. {@code defines} are the {@code -D NAME=VALUE} definitions: a bare word equal to a
     * NAME is replaced by VALUE as packetdrill's lexer does (a number, a "string", a `command` or a word).
     */
    public static ParseResult parse(String path, String text, Map<String, String> defines) {
        try {
            return ParseDriver.parseScript(path, text, defines);
        } catch (StackOverflowError e) {
            return failure(path, "script is nested too deeply to parse");
        } catch (RuntimeException e) {
            return failure(path, "internal parser error (" + e.getClass().getSimpleName() + "); please report this script");
        }
    }

    public static ParseResult parse(String path, String text) {
        return parse(path, text, Map.of());
    }

    /**
     * Parses one REPL line as an event; the time may be omitted (then {@link dev.jdrill.grammar.ast.EventTime.Now}).
     * {@code lineNumber} is used for the spans of the result.
     */
    public static LineParseResult parseLine(String path, String line, int lineNumber, Map<String, String> defines) {
        try {
            return ParseDriver.parseLine(path, line, lineNumber, defines);
        } catch (StackOverflowError e) {
            return new LineParseResult(Optional.empty(), List.of(Diagnostic.error(
                    new SourceSpan(path, lineNumber, 1, lineNumber, 2), "line is nested too deeply to parse")));
        } catch (RuntimeException e) {
            return new LineParseResult(Optional.empty(), List.of(Diagnostic.error(
                    new SourceSpan(path, lineNumber, 1, lineNumber, 2),
                    "internal parser error (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private static ParseResult failure(String path, String message) {
        return new ParseResult(Optional.empty(), List.of(Diagnostic.error(new SourceSpan(path, 1, 1, 1, 2), message)));
    }
}
