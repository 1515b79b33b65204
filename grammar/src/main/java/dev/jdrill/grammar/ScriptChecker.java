package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.SourceSpan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code jdrill check} for one file: read (strict UTF-8), parse, validate; every problem as a diagnostic. */
public final class ScriptChecker {
    private ScriptChecker() {
    }

    public static List<Diagnostic> check(Path file) {
        return check(file, Map.of());
    }

    public static List<Diagnostic> check(Path file, Map<String, String> defines) {
        String path = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            return List.of(Diagnostic.error(new SourceSpan(path, 1, 1, 1, 2), "cannot read file: " + describe(e)));
        }
        String text;
        try {
            text = decodeStrictUtf8(bytes);
        } catch (CharacterCodingException e) {
            return List.of(Diagnostic.error(firstInvalidUtf8(path, bytes), "file is not valid UTF-8 text"));
        }
        return check(path, text, defines);
    }

    /** Parse and validate text already in memory. */
    public static List<Diagnostic> check(String path, String text, Map<String, String> defines) {
        ParseResult parsed = ScriptParser.parse(path, text, defines);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        parsed.script().ifPresent(script -> {
            try {
                all.addAll(Validator.validate(script));
            } catch (RuntimeException e) {
                all.add(Diagnostic.error(new SourceSpan(path, 1, 1, 1, 2), "internal validator error ("
                        + e.getClass().getSimpleName() + "); please report this script"));
            }
        });
        dropRepeats(all);
        all.sort((a, b) -> a.span().line() != b.span().line() ? Integer.compare(a.span().line(), b.span().line())
                : Integer.compare(a.span().column(), b.span().column()));
        return all;
    }

    /** The parser and the validator may both notice the same thing (an empty script); say it once. */
    private static void dropRepeats(List<Diagnostic> all) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        all.removeIf(d -> !seen.add(d.span().line() + ":" + d.message()));
    }

    static String decodeStrictUtf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Line and column (in characters) of the first byte that is not part of valid UTF-8. */
    static SourceSpan firstInvalidUtf8(String path, byte[] bytes) {
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
            boolean valid = length > 0 && i + length <= bytes.length;
            for (int k = 1; valid && k < length; k++) {
                valid = (bytes[i + k] & 0xc0) == 0x80;
            }
            if (valid) {
                try {
                    decodeStrictUtf8(java.util.Arrays.copyOfRange(bytes, i, i + length));
                } catch (CharacterCodingException e) {
                    valid = false;
                }
            }
            if (!valid) {
                int column = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).length() + 1;
                return new SourceSpan(path, line, column, line, column + 1);
            }
            if (b == '\n') {
                line++;
                lineStart = i + 1;
            }
            i += length;
        }
        return new SourceSpan(path, 1, 1, 1, 2);
    }

    private static String describe(Throwable e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case OutOfMemoryError o -> "file too large";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
