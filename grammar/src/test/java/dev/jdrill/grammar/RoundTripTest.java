package dev.jdrill.grammar;

import dev.jdrill.grammar.ast.Script;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** parse(print(ast)) == ast, spans aside, for every corpus script; and printing is a fixed point. */
class RoundTripTest {

    @TestFactory
    Stream<DynamicTest> printedCorpusScriptsParseBackToTheSameTree() {
        List<Path> scripts = Corpus.scripts();
        assumeTrue(!scripts.isEmpty(), "packetdrill corpus not found (set -Djdrill.shared)");
        return scripts.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            Script original = ScriptParser.parse(path.toString(), Corpus.read(path), Corpus.HARNESS_DEFINES)
                    .script().orElseThrow();
            String printed = ScriptPrinter.print(original);
            ParseResult reparsed = ScriptParser.parse(path.toString(), printed, Corpus.HARNESS_DEFINES);
            assertThat(reparsed.diagnostics()).as(() -> CorpusParseTest.render(reparsed.diagnostics(), printed)).isEmpty();
            assertThat(SpanEraser.erase(reparsed.script().orElseThrow())).isEqualTo(SpanEraser.erase(original));
            assertThat(ScriptPrinter.print(reparsed.script().orElseThrow())).isEqualTo(printed);
        }));
    }
}
