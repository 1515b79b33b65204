package dev.jdrill.grammar.parse;

import dev.jdrill.grammar.ast.SourceSpan;
import dev.jdrill.grammar.ast.TcpFlagSet;

import java.util.OptionalInt;

/**
 * Flags text → {@link TcpFlagSet} with packetdrill's rules (tcp_packet.c is_tcp_flags_spec_valid): the
 * letters {@code . F S R P E W A U} in any order, or {@code -} for none, and at most one AccECN ACE digit
 * 0-7, which excludes E, W and A (the digit already says what those three bits are).
 */
final class TcpFlagsReader {
    private final BuildContext context;

    TcpFlagsReader(BuildContext context) {
        this.context = context;
    }

    /** The flag set; a problem is reported and the flags understood so far are kept, so building goes on. */
    TcpFlagSet read(String text, SourceSpan span) {
        if (text.equals("-")) {
            return new TcpFlagSet(0, OptionalInt.empty(), text, span);
        }
        int bits = 0;
        OptionalInt ace = OptionalInt.empty();
        boolean ecnLetter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '7') {
                if (ecnLetter || ace.isPresent()) {
                    conflict(text, c, span);
                    break;
                }
                ace = OptionalInt.of(c - '0');
                bits |= TcpFlagSet.aceBits(c - '0');
                continue;
            }
            int flag = flag(c);
            if (flag == 0) {
                context.error(span, "unknown TCP flag '" + c + "' in '" + text
                        + "' (flags are . F S R P E W A U, an AccECN ACE digit 0-7, or - for none)");
                break;
            }
            if (flag == TcpFlagSet.ECE || flag == TcpFlagSet.CWR || flag == TcpFlagSet.AE) {
                if (ace.isPresent()) {
                    conflict(text, c, span);
                    break;
                }
                ecnLetter = true;
            }
            bits |= flag;
        }
        return new TcpFlagSet(bits, ace, text, span);
    }

    private void conflict(String text, char c, SourceSpan span) {
        context.error(span, "conflicting TCP flag '" + c + "' in '" + text
                + "': an AccECN ACE digit (0-7) gives the E, W and A bits, so it goes alone, once");
    }

    private static int flag(char c) {
        return switch (c) {
            case 'F' -> TcpFlagSet.FIN;
            case 'S' -> TcpFlagSet.SYN;
            case 'R' -> TcpFlagSet.RST;
            case 'P' -> TcpFlagSet.PSH;
            case '.' -> TcpFlagSet.ACK;
            case 'U' -> TcpFlagSet.URG;
            case 'E' -> TcpFlagSet.ECE;
            case 'W' -> TcpFlagSet.CWR;
            case 'A' -> TcpFlagSet.AE;
            default -> 0;
        };
    }
}
