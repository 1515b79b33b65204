package dev.jdrill.grammar.parse;

import java.util.OptionalLong;

/** Exact parsing of the numeric token texts. Every method returns empty instead of throwing. */
public final class Numbers {
    private Numbers() {
    }

    /** Decimal ("-12") or hex ("0x1f") integer text; empty on overflow or malformed text. */
    static OptionalLong parseInteger(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return OptionalLong.of(Long.parseUnsignedLong(text.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Seconds as written ("1", "0.25", ".1", "-0.5") to exact microseconds. Digits past the sixth decimal are
     * dropped, which is what packetdrill's (s64)(secs * 1e6) does for them. Empty when it does not fit.
     */
    static OptionalLong parseSecondsToMicros(String text) {
        boolean negative = text.startsWith("-");
        String body = negative ? text.substring(1) : text;
        int dot = body.indexOf('.');
        String whole = dot < 0 ? body : body.substring(0, dot);
        String fraction = dot < 0 ? "" : body.substring(dot + 1);
        if (fraction.length() > 6) {
            fraction = fraction.substring(0, 6);
        }
        fraction = (fraction + "000000").substring(0, 6);
        try {
            long seconds = whole.isEmpty() ? 0 : Long.parseLong(whole);
            long micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), Long.parseLong(fraction));
            return OptionalLong.of(negative ? -micros : micros);
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Microseconds back to the shortest exact decimal seconds text ("0.1", "2", "1.000001"). */
    public static String formatSeconds(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long whole = abs / 1_000_000L;
        long frac = abs % 1_000_000L;
        if (frac == 0) {
            return sign + whole;
        }
        String f = String.format("%06d", frac);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return sign + whole + "." + f.substring(0, end);
    }
}
