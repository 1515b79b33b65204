package dev.jdrill.interpreter.target;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a script's string stands for, as packetdrill hands them to a call (script.c,
 * unescape_cstring_expression): {@code \xhh} is one byte, {@code \n \r \t \v \f} their control
 * characters, {@code \\} and {@code \"} the character itself; everything else is the text's UTF-8.
 * So {@code "\xa1\xa1\xa1\xa1..."} is the 16-byte TCP_FASTOPEN_KEY a suite means, not 64 characters.
 *
 * <p>packetdrill's own switch falls through from {@code \\} and {@code \"} into {@code \f} (a C
 * missing-break); jdrill gives them their evident meaning. An escape packetdrill rejects (an unknown letter,
 * {@code \x} without two hex digits) is kept as written.
 */
public final class CStringEscapes {
    private CStringEscapes() {
    }

    public static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int escaped = c == '\\' && i + 1 < text.length() ? escape(text, i + 1) : -1;
            if (escaped < 0) {
                plain.append(c);
                i++;
                continue;
            }
            out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
            out.write(escaped);
            i += text.charAt(i + 1) == 'x' ? 4 : 2;
        }
        out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The byte the escape at {@code at} (after the backslash) stands for, or -1 when it is none. */
    private static int escape(String text, int at) {
        return switch (text.charAt(at)) {
            case '\\' -> '\\';
            case '"' -> '"';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 0x0b;
            case 'x' -> at + 2 < text.length() ? hexByte(text.substring(at + 1, at + 3)) : -1;
            default -> -1;
        };
    }

    private static int hexByte(String digits) {
        return digits.chars().allMatch(d -> Character.digit(d, 16) >= 0) ? Integer.parseInt(digits, 16) : -1;
    }
}
