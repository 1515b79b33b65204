package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.grammar.LineParseResult;
import dev.jdrill.grammar.ParseResult;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Script;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs lexer pre-pass, parser and AST builders. Parsing is two-stage: fast SLL prediction with a bail-out
 * strategy first (right for nearly every real script), and only on failure full LL with error recovery, so
 * syntax errors are reported with the precise expectation.
 */
public final class ParseDriver {
    private ParseDriver() {
    }

    public static ParseResult parseScript(String path, String text, Map<String, String> defines) {
        Spans spans = new Spans(path);
        TokenPreprocessor.Result lexed = new TokenPreprocessor(spans).run(CharStreams.fromString(text, path), 1, defines);
        if (!lexed.fatal().isEmpty()) {
            return new ParseResult(Optional.empty(), lexed.fatal());
        }
        Parsed<JdrillParser.ScriptContext> parsed = parse(lexed, spans, JdrillParser::script);
        if (!parsed.errors.isEmpty()) {
            return new ParseResult(Optional.empty(), parsed.errors);
        }
        BuildContext context = new BuildContext(path);
        Script script = new AstBuilder(context).script(path, parsed.tree);
        return new ParseResult(Optional.of(script), context.diagnostics);
    }

    public static LineParseResult parseLine(String path, String line, int lineNumber, Map<String, String> defines) {
        Spans spans = new Spans(path);
        TokenPreprocessor.Result lexed = new TokenPreprocessor(spans).run(CharStreams.fromString(line, path), lineNumber, defines);
        if (!lexed.fatal().isEmpty()) {
            return new LineParseResult(Optional.empty(), lexed.fatal());
        }
        Parsed<JdrillParser.SingleEventContext> parsed = parse(lexed, spans, JdrillParser::singleEvent);
        if (!parsed.errors.isEmpty()) {
            return new LineParseResult(Optional.empty(), parsed.errors);
        }
        BuildContext context = new BuildContext(path);
        Event event = new AstBuilder(context).singleEvent(parsed.tree);
        return new LineParseResult(Optional.of(event), context.diagnostics);
    }

    private record Parsed<T extends ParserRuleContext>(T tree, List<Diagnostic> errors) {
    }

    private static <T extends ParserRuleContext> Parsed<T> parse(TokenPreprocessor.Result lexed, Spans spans,
                                                                 Function<JdrillParser, T> startRule) {
        ListTokenSource source = new ListTokenSource(new ArrayList<>(lexed.tokens()), spans.file());
        CommonTokenStream tokens = new CommonTokenStream(source);
        JdrillParser parser = new JdrillParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return new Parsed<>(startRule.apply(parser), List.of());
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            SyntaxErrorCollector errors = new SyntaxErrorCollector(spans);
            parser.addErrorListener(errors);
            T tree = startRule.apply(parser);
            return new Parsed<>(tree, List.copyOf(errors.diagnostics()));
        }
    }
}
