package dev.jdrill.interpreter.target;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a string literal stands for, as packetdrill computes them (script.c
 * unescape_cstring_expression) before it hands a string to a system call: {@code \xhh} is one byte,
 * {@code \n \r \t \v \f} their control characters, and any other escape an error. Two of packetdrill's
 * cases fall through to the next: {@code \\} and {@code \"} both become a form feed (0x0c), and so they do
 * here, since a script's meaning is what packetdrill does with it. Unescaped characters are their UTF-8
 * bytes, as the script file holds them.
 *
 * <p>So {@code setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, "\xa1\xa1...", 16)} passes 16 key bytes (the
 * kernel selftests' tcp_fastopen_server_sockopt-fastopen-key.pkt), not the 64 characters written.
 */
public final class CStringEscapes {
    private CStringEscapes() {
    }

    /** The bytes of {@code written} (the text between the quotes); IllegalArgumentException names a bad escape. */
    public static byte[] unescape(String written) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(written.length());
        int i = 0;
        while (i < written.length()) {
            char c = written.charAt(i);
            if (c != '\\') {
                int end = Character.isHighSurrogate(c) && i + 1 < written.length() ? i + 2 : i + 1;
                out.writeBytes(written.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            char e = i + 1 < written.length() ? written.charAt(i + 1) : '\0';
            switch (e) {
                case '\\', '"', 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'x' -> {
                    String hex = written.length() >= i + 4 ? written.substring(i + 2, i + 4) : "";
                    if (hex.length() < 2 || Character.digit(hex.charAt(0), 16) < 0 || Character.digit(hex.charAt(1), 16) < 0) {
                        throw new IllegalArgumentException("invalid hex escape (\\xhh): '\\x" + written.substring(i + 2) + "'");
                    }
                    out.write(Integer.parseInt(hex, 16));
                    i += 4;
                    continue;
                }
                default -> throw new IllegalArgumentException("unsupported escape code: '" + e + "'");
            }
            i += 2;
        }
        return out.toByteArray();
    }
}
