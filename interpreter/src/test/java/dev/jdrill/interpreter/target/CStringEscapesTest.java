package dev.jdrill.interpreter.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CStringEscapesTest {
    private static String hex(String script) {
        return HexFormat.of().formatHex(CStringEscapes.bytes(script));
    }

    @Test
    void hexEscapesAreBytes() {
        // The kernel selftests' TCP_FASTOPEN_KEY: 16 bytes, the key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4.
        assertThat(hex("\\xa1\\xa1\\xa1\\xa1\\xb2\\xb2\\xb2\\xb2\\xc3\\xc3\\xc3\\xc3\\xd4\\xd4\\xd4\\xd4"))
                .isEqualTo("a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4");
    }

    @Test
    void controlEscapesAndPlainText() {
        assertThat(hex("a\\tb\\n\\r\\v\\f")).isEqualTo("6109620a0d0b0c");
        assertThat(hex("\\\\\\\"")).isEqualTo("5c22");
        assertThat(hex("cubic")).isEqualTo("6375626963");
        assertThat(hex("é")).isEqualTo("c3a9"); // typed text stays UTF-8
    }

    @Test
    void whatPacketdrillRejectsIsKeptAsWritten() {
        assertThat(hex("\\q")).isEqualTo("5c71");
        assertThat(hex("\\xg1")).isEqualTo("5c786731");
        assertThat(hex("\\x1")).isEqualTo("5c7831");
    }
}
