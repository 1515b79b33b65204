package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.ast.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Source spans of tokens and parse-tree nodes (1-based columns; ANTLR's are 0-based). */
final class Spans {
    private final String file;

    Spans(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    SourceSpan of(Token token) {
        return of(token, token);
    }

    SourceSpan of(TerminalNode node) {
        return of(node.getSymbol());
    }

    SourceSpan of(ParserRuleContext ctx) {
        Token stop = ctx.getStop();
        // An empty rule match has stop before start; point at its start then.
        if (stop == null || stop.getTokenIndex() < ctx.getStart().getTokenIndex()) {
            stop = ctx.getStart();
        }
        return of(ctx.getStart(), stop);
    }

    SourceSpan of(Token start, Token stop) {
        int endLine = stop.getLine();
        int endColumn = stop.getCharPositionInLine() + 1;
        String text = stop.getType() == Token.EOF ? "" : originalText(stop);
        int lastNewline = text.lastIndexOf('\n');
        if (lastNewline < 0) {
            endColumn += text.codePointCount(0, text.length());
        } else {
            endLine += (int) text.chars().filter(c -> c == '\n').count();
            endColumn = text.codePointCount(lastNewline + 1, text.length()) + 1;
        }
        return new SourceSpan(file, start.getLine(), start.getCharPositionInLine() + 1, endLine, endColumn);
    }

    /** The token's text as in the file (a -D substitution may have replaced its text). */
    static String originalText(Token token) {
        if (token.getInputStream() == null || token.getStartIndex() < 0 || token.getStopIndex() < token.getStartIndex()) {
            return token.getText() == null ? "" : token.getText();
        }
        return token.getInputStream().getText(
                org.antlr.v4.runtime.misc.Interval.of(token.getStartIndex(), token.getStopIndex()));
    }
}
