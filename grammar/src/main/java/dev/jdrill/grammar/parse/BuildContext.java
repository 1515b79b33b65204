package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.ast.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;

/** What the AST builders share: the file's spans and the semantic errors found while building. */
final class BuildContext {
    final Spans spans;
    final List<Diagnostic> diagnostics = new ArrayList<>();

    BuildContext(String file) {
        this.spans = new Spans(file);
    }

    void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }

    void error(Token token, String message) {
        error(spans.of(token), message);
    }

    void error(ParserRuleContext ctx, String message) {
        error(spans.of(ctx), message);
    }
}
