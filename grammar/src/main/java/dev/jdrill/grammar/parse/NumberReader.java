package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.JdrillParser.NumberContext;
import org.antlr.v4.runtime.Token;

/** Reads numeric fields of packets with packetdrill's range checks; an error yields 0 and a diagnostic. */
final class NumberReader {
    static final long U8 = 0xffL;
    static final long U16 = 0xffffL;
    static final long U20 = 0xfffffL;
    static final long U24 = 0xffffffL;
    static final long U32 = 0xffffffffL;

    private final BuildContext context;

    NumberReader(BuildContext context) {
        this.context = context;
    }

    /** A number in 0..max; {@code what} names it in the error ("TCP window value"). */
    long read(NumberContext ctx, String what, long max) {
        if (ctx.WORD() != null) {
            context.error(ctx, undefinedSymbolMessage(ctx.getText(), what));
            return 0;
        }
        return read(ctx.getStart(), what, max);
    }

    long read(Token token, String what, long max) {
        var value = Numbers.parseInteger(token.getText());
        if (value.isEmpty() || value.getAsLong() < 0 || value.getAsLong() > max) {
            context.error(token, what + " out of range (0 to " + max + "): " + token.getText());
            return 0;
        }
        return value.getAsLong();
    }

    static String undefinedSymbolMessage(String symbol, String what) {
        return "expected a number for the " + what + ", found '" + symbol + "' (if it is a symbol, define it: -D "
                + symbol + "=<value>)";
    }
}
