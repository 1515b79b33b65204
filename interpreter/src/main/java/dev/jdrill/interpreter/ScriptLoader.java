package dev.jdrill.interpreter;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.ParseResult;
import dev.jdrill.grammar.ScriptChecker;
import dev.jdrill.grammar.ScriptParser;
import dev.jdrill.grammar.Validator;
import dev.jdrill.grammar.ast.Script;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, parses and validates a script for running; a script with any diagnostic is not run. */
public final class ScriptLoader {

    /** The script (when it has no errors), its text (for rendering diagnostics) and its errors. */
    public record Loaded(String path, String text, Optional<Script> script, List<Diagnostic> diagnostics) {
        public Loaded {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private ScriptLoader() {
    }

    public static Loaded load(Path file, Map<String, String> defines) {
        String path = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // The checker words unreadable files and bad encodings with their location.
            return new Loaded(path, "", Optional.empty(), ScriptChecker.check(file, defines));
        }
        return fromText(path, text, defines);
    }

    public static Loaded fromText(String path, String text, Map<String, String> defines) {
        Map<String, String> all = new java.util.HashMap<>(scriptDefines(text));
        all.putAll(defines);
        ParseResult parsed = ScriptParser.parse(path, text, all);
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        if (parsed.script().isPresent() && diagnostics.isEmpty()) {
            diagnostics.addAll(Validator.validate(parsed.script().get()));
        }
        Optional<Script> script = diagnostics.isEmpty() ? parsed.script() : Optional.empty();
        return new Loaded(path, text, script, diagnostics);
    }

    private static final java.util.regex.Pattern DEFINE_LINE =
            java.util.regex.Pattern.compile("^[ \\t]*--define=([A-Za-z_][A-Za-z0-9_]*)=(\\S*)[ \\t]*$");

    /**
     * A script's own {@code --define=NAME=VALUE} option lines: packetdrill reads the option lines first and
     * substitutes their definitions in the rest of the script; definitions from the command line win.
     */
    static Map<String, String> scriptDefines(String text) {
        Map<String, String> found = new java.util.HashMap<>();
        for (String line : text.lines().toList()) {
            java.util.regex.Matcher m = DEFINE_LINE.matcher(line);
            if (m.matches()) {
                found.put(m.group(1), m.group(2));
            }
        }
        return found;
    }

}
