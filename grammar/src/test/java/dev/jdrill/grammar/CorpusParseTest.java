package dev.jdrill.grammar;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every corpus script parses and validates without a single diagnostic. */
class CorpusParseTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusScriptParsesAndValidates() {
        List<Path> scripts = Corpus.scripts();
        assumeTrue(!scripts.isEmpty(), "packetdrill corpus not found (set -Djdrill.shared)");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(177);
        return scripts.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            String text = Corpus.read(path);
            ParseResult result = ScriptParser.parse(path.toString(), text, Corpus.HARNESS_DEFINES);
            assertThat(result.diagnostics()).as(() -> render(result.diagnostics(), text)).isEmpty();
            assertThat(result.script()).isPresent();
            List<Diagnostic> problems = Validator.validate(result.script().orElseThrow());
            assertThat(problems).as(() -> render(problems, text)).isEmpty();
        }));
    }

    static String render(List<Diagnostic> diagnostics, String text) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(d.render(text)).append('\n');
        }
        return out.toString();
    }
}
