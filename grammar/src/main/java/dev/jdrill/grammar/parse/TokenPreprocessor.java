package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.JdrillLexer;
import dev.jdrill.grammar.Diagnostic;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexes the whole input once, before parsing, to do what packetdrill's lexer does outside its regular
 * expressions: replace words defined with {@code -D NAME=VALUE} (or a {@code --define=NAME=VALUE} option
 * line; the command line wins, as in packetdrill's config.c) and stop at input that can never parse (an
 * unterminated string, command, code block or comment; SCTP packets) with one clear, located error.
 */
final class TokenPreprocessor {

    /** C's strtol(value, &end, 0) accepting the whole text: decimal, 0x hex, or 0-prefixed octal. */
    private static final Pattern C_INTEGER = Pattern.compile("([+-]?)(0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))");

    record Result(List<Token> tokens, List<Diagnostic> fatal) {
    }

    private final Spans spans;

    TokenPreprocessor(Spans spans) {
        this.spans = spans;
    }

    Result run(CharStream input, int firstLine, Map<String, String> commandLineDefines) {
        JdrillLexer lexer = new JdrillLexer(input);
        lexer.removeErrorListeners();
        lexer.setLine(firstLine);
        List<Token> tokens = new ArrayList<>();
        List<Diagnostic> fatal = new ArrayList<>();
        boolean udpLiteSeen = false;
        boolean mptcpSeen = false;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            Optional<String> unterminated = unterminatedMessage(token.getType());
            if (unterminated.isPresent()) {
                // Everything after an unterminated opening would be lexed as something it is not.
                fatal.add(Diagnostic.error(spans.of(token), unterminated.get()));
                return new Result(tokens, fatal);
            }
            if (isSctpPacket(tokens, token)) {
                fatal.add(Diagnostic.error(spans.of(token), "SCTP is not supported (jdrill runs TCP, UDP and ICMP scripts)"));
            } else if (isUdpLitePacket(tokens, token) && !udpLiteSeen) {
                // Said once: the rest of such a script is more of the same.
                udpLiteSeen = true;
                fatal.add(Diagnostic.error(spans.of(token), "UDP-Lite is not supported (jdrill runs TCP, UDP and ICMP scripts)"));
            } else if (isMptcp(tokens, token) && !mptcpSeen) {
                mptcpSeen = true;
                fatal.add(Diagnostic.error(spans.of(token), "MPTCP is not supported (jdrill runs TCP, UDP and ICMP scripts)"));
            }
            tokens.add(token);
        }
        if (!fatal.isEmpty()) {
            return new Result(tokens, fatal);
        }
        int firstEventToken = skipOptionLines(tokens);
        Map<String, String> defines = new HashMap<>(optionLineDefines(tokens, firstEventToken));
        defines.putAll(commandLineDefines);
        if (!defines.isEmpty()) {
            for (int i = firstEventToken; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                if (token.getType() == JdrillLexer.WORD && defines.containsKey(token.getText())) {
                    substitute((CommonToken) token, defines.get(token.getText()));
                }
            }
        }
        return new Result(tokens, fatal);
    }

    private static Optional<String> unterminatedMessage(int type) {
        return Optional.ofNullable(switch (type) {
            case JdrillLexer.UNTERMINATED_STRING -> "unterminated string: this '\"' is never closed";
            case JdrillLexer.UNTERMINATED_COMMAND -> "unterminated command: this '`' is never closed";
            case JdrillLexer.UNTERMINATED_CODE -> "unterminated code block: this '%{' has no matching '}%'";
            case JdrillLexer.UNTERMINATED_COMMENT -> "unterminated comment: this '/*' has no matching '*/'";
            default -> null;
        });
    }

    /** "&lt; sctp: ..." / "&gt; sctp: ...": an SCTP chunk line (tuexen's packetdrill). */
    private static boolean isSctpPacket(List<Token> previous, Token token) {
        if (token.getType() != JdrillLexer.WORD || !token.getText().equalsIgnoreCase("sctp") || previous.isEmpty()) {
            return false;
        }
        int before = previous.getLast().getType();
        return before == JdrillLexer.LT || before == JdrillLexer.GT;
    }

    /**
     * "&lt; udplite(1000, 8)", "&lt; (tos 0x0) udplite 1 > 2 (10, 0)", an ICMP's "[udplite(10, 8)]": a UDP-Lite packet
     * (the nplab packetdrill fork).
     */
    private static boolean isUdpLitePacket(List<Token> previous, Token token) {
        if (token.getType() != JdrillLexer.WORD || !token.getText().equalsIgnoreCase("udplite") || previous.isEmpty()) {
            return false;
        }
        String before = previous.getLast().getText();
        return before.equals("<") || before.equals(">") || before.equals("[") || before.equals("]")
                || before.equals(")");
    }

    /** The MPTCP packetdrill forks' options and addresses (the words that packetdrill's lexer never knew). */
    private static final java.util.Set<String> MPTCP_OPTIONS = java.util.Set.of(
            "mpcapable", "mp_capable", "mp_capable_no_cs", "dss", "mp_join_syn", "mp_join_syn_ack", "mp_join_ack",
            "add_address", "remove_address", "mp_prio", "mp_fail", "mp_fastclose", "mp_reset");

    /**
     * An MPTCP option in a TCP option list ("&lt;..., mpcapable v1 ...&gt;", "&lt;dss dack4=1 ...&gt;"), or an MPTCP
     * fork's "&lt; addr[caddr0] &gt; addr[saddr0] S ..." address prefix.
     */
    private static boolean isMptcp(List<Token> previous, Token token) {
        if (token.getType() != JdrillLexer.WORD || previous.isEmpty()) {
            return false;
        }
        String before = previous.getLast().getText();
        String word = token.getText();
        if (MPTCP_OPTIONS.contains(word)) {
            return before.equals("<") || (before.equals(",") && inTcpOptionList(previous, token.getLine()));
        }
        return word.equals("addr") && (before.equals("<") || before.equals(">"));
    }

    /** Whether the innermost opening before this point of the line is a TCP option list's '&lt;'. */
    private static boolean inTcpOptionList(List<Token> previous, int line) {
        for (int i = previous.size() - 1; i >= 0 && previous.get(i).getLine() == line; i--) {
            switch (previous.get(i).getText()) {
                case "<":
                    return true;
                case "(", "[", "{", ">":
                    return false;
                default:
                    break;
            }
        }
        return false;
    }

    /** Index of the first token after the leading {@code --name[=value[=value]]} option lines. */
    private static int skipOptionLines(List<Token> tokens) {
        int i = 0;
        while (i < tokens.size() && tokens.get(i).getType() == JdrillLexer.OPTION) {
            i++;
            if (isType(tokens, i, JdrillLexer.EQUALS)) {
                i += 2;
                if (isType(tokens, i, JdrillLexer.EQUALS)) {
                    i += 2;
                }
            }
        }
        return Math.min(i, tokens.size());
    }

    private static Map<String, String> optionLineDefines(List<Token> tokens, int end) {
        Map<String, String> defines = new HashMap<>();
        for (int i = 0; i + 4 < end + 1 && i < end; i++) {
            if (tokens.get(i).getType() == JdrillLexer.OPTION && tokens.get(i).getText().equals("--define")
                    && isType(tokens, i + 1, JdrillLexer.EQUALS) && isType(tokens, i + 3, JdrillLexer.EQUALS)
                    && i + 4 < tokens.size()) {
                defines.put(tokens.get(i + 2).getText(), tokens.get(i + 4).getText());
            }
        }
        return defines;
    }

    private static boolean isType(List<Token> tokens, int index, int type) {
        return index < tokens.size() && tokens.get(index).getType() == type;
    }

    /** Packetdrill's lexer word(): a quoted value is a string or command, a C integer a number, else a word. */
    private static void substitute(CommonToken token, String value) {
        if (value.startsWith("\"") && value.length() >= 2) {
            token.setType(JdrillLexer.STRING);
            token.setText(value);
            return;
        }
        if (value.startsWith("`") && value.length() >= 2) {
            token.setType(JdrillLexer.BACK_QUOTED);
            token.setText(value);
            return;
        }
        Matcher m = C_INTEGER.matcher(value);
        if (m.matches()) {
            BigInteger magnitude = m.group(3) != null ? new BigInteger(m.group(3), 16)
                    : m.group(4) != null ? (m.group(4).isEmpty() ? BigInteger.ZERO : new BigInteger(m.group(4), 8))
                    : new BigInteger(m.group(5));
            BigInteger signed = m.group(1).equals("-") ? magnitude.negate() : magnitude;
            if (signed.bitLength() < 64) {
                token.setType(JdrillLexer.INTEGER);
                token.setText(signed.toString());
                return;
            }
        }
        token.setType(JdrillLexer.WORD);
        token.setText(value);
    }
}
