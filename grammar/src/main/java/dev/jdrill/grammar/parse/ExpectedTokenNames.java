package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillParser;
import dev.jdrill.grammar.JdrillLexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns ANTLR's expected-token sets into words a script author understands. */
final class ExpectedTokenNames {
    private static final int MAX_LISTED = 8;
    private static final Vocabulary VOCABULARY = JdrillParser.VOCABULARY;

    /** Keyword tokens that the `identifier` rule also accepts as plain words. */
    private static final Set<Integer> KEYWORDS = keywordTypes();

    private ExpectedTokenNames() {
    }

    static List<String> describe(IntervalSet expected) {
        Set<Integer> types = new LinkedHashSet<>(expected.toList());
        if (types.size() > 40 && types.contains(JdrillLexer.RPAREN)) {
            // Inside an errno note almost anything goes; what is missing is its closing parenthesis.
            return List.of("')'");
        }
        Set<String> names = new LinkedHashSet<>();
        boolean timeExpected = types.contains(JdrillLexer.PLUS) && types.contains(JdrillLexer.STAR);
        boolean wordExpected = types.contains(JdrillLexer.WORD) && types.stream().filter(KEYWORDS::contains).count() > 5;
        boolean actionExpected = wordExpected && types.contains(JdrillLexer.LT) && types.contains(JdrillLexer.GT);
        if (timeExpected) {
            names.add("a time");
        }
        if (actionExpected) {
            names.add("'<'");
            names.add("'>'");
            names.add("a system call");
        } else if (wordExpected) {
            names.add("a word");
        }
        for (int type : types) {
            if (timeExpected && (type == JdrillLexer.PLUS || type == JdrillLexer.STAR
                    || type == JdrillLexer.INTEGER || type == JdrillLexer.FLOAT)) {
                continue;
            }
            if (wordExpected && (type == JdrillLexer.WORD || KEYWORDS.contains(type))) {
                continue;
            }
            names.add(name(type));
        }
        List<String> list = new ArrayList<>(names);
        if (list.size() > MAX_LISTED) {
            list = new ArrayList<>(list.subList(0, MAX_LISTED));
            list.add("something else");
        }
        return list;
    }

    static String name(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case JdrillLexer.INTEGER, JdrillLexer.HEX_INTEGER -> "a number";
            case JdrillLexer.FLOAT -> "a decimal number";
            case JdrillLexer.WORD -> "a word";
            case JdrillLexer.STRING -> "a \"string\"";
            case JdrillLexer.BACK_QUOTED -> "a `command`";
            case JdrillLexer.CODE -> "a %{ code }% block";
            case JdrillLexer.OPTION -> "an --option";
            case JdrillLexer.IPV4_ADDR -> "an IPv4 address";
            case JdrillLexer.IPV6_ADDR -> "an IPv6 address";
            default -> {
                String literal = VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : VOCABULARY.getDisplayName(type);
            }
        };
    }

    /** How the offending token is shown: quoted, clipped, control characters spelled out. */
    static String found(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of file";
        }
        String text = Spans.originalText(token);
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < 40; i++, shown++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > 40) {
            out.append("...");
        }
        return out.append("'").toString();
    }

    private static Set<Integer> keywordTypes() {
        Set<Integer> set = new LinkedHashSet<>();
        for (int type = 1; type <= VOCABULARY.getMaxTokenType(); type++) {
            String literal = VOCABULARY.getLiteralName(type);
            if (literal != null && Character.isLetter(literal.charAt(1))) {
                set.add(type);
            }
        }
        set.add(JdrillLexer.GRE);
        set.add(JdrillLexer.FLAGS);
        set.add(JdrillLexer.SEQUENCE);
        return set;
    }
}
