package dev.jdrill.interpreter.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** String literals mean the bytes packetdrill's unescape_cstring_expression makes of them. */
class CStringEscapesTest {

    @Test
    void aHexEscapeIsOneByte() {
        // The kernel selftests' TCP_FASTOPEN_KEY: 16 bytes, not the 64 characters written.
        byte[] key = CStringEscapes.unescape("\\xa1\\xa1\\xa1\\xa1\\xb2\\xb2\\xb2\\xb2\\xc3\\xc3\\xc3\\xc3\\xd4\\xd4\\xd4\\xd4");
        assertThat(key).hasSize(16);
        assertThat(key[0]).isEqualTo((byte) 0xa1);
        assertThat(key[15]).isEqualTo((byte) 0xd4);
    }

    @Test
    void plainTextAndControlEscapes() {
        assertThat(CStringEscapes.unescape("cubic")).isEqualTo("cubic".getBytes());
        assertThat(CStringEscapes.unescape("a\\nb\\tc\\rd\\v")).isEqualTo(new byte[] {'a', '\n', 'b', '\t', 'c', '\r', 'd', 0x0b});
        assertThat(CStringEscapes.unescape("")).isEmpty();
    }

    @Test
    void backslashAndQuoteFallThroughToFormFeedAsInPacketdrill() {
        // script.c's switch has no break after '\\' and '"': both end as '\f'.
        assertThat(CStringEscapes.unescape("\\\\\\\"")).isEqualTo(new byte[] {0x0c, 0x0c});
    }

    @Test
    void badEscapesAreErrorsNamingThem() {
        assertThatThrownBy(() -> CStringEscapes.unescape("\\xz1")).hasMessageContaining("invalid hex escape");
        assertThatThrownBy(() -> CStringEscapes.unescape("\\x1")).hasMessageContaining("invalid hex escape");
        assertThatThrownBy(() -> CStringEscapes.unescape("\\q")).hasMessage("unsupported escape code: 'q'");
    }

    @Test
    void strBytesAreTheUnescapedOnes() {
        assertThat(new SocketValue.Str("\\x00\\xff").bytes()).isEqualTo(new byte[] {0, (byte) 0xff});
    }
}
