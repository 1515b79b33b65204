package dev.jdrill.interpreter.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The numbering rules of packetdrill's socket.h: absolute in SYNs, relative to the ISNs elsewhere. */
class ScriptConnectionTest {

    private static ScriptConnection connection() throws Exception {
        ScriptConnection c = new ScriptConnection(InetAddress.getByName("192.168.0.1"), InetAddress.getByName("192.0.2.1"), 8080, 48000);
        c.learnRemoteIsn(0);
        c.learnLocalIsn(3_000_000_000L, 0);
        return c;
    }

    @Test
    void outboundNumbersBecomeRelative() throws Exception {
        ScriptConnection c = connection();
        assertThat(c.outboundSeqToScript(3_000_000_000L, true)).isZero();
        assertThat(c.outboundSeqToScript(3_000_001_001L, false)).isEqualTo(1001);
        assertThat(c.outboundAckToScript(1, true)).isEqualTo(1);
    }

    @Test
    void inboundAckMapsToTheLiveIsnAcrossWraparound() throws Exception {
        ScriptConnection c = new ScriptConnection(InetAddress.getByName("192.168.0.1"), InetAddress.getByName("192.0.2.1"), 8080, 48000);
        c.learnRemoteIsn(0);
        c.learnLocalIsn(0xffff_fff0L, 0);
        assertThat(c.inboundAckToLive(1, true)).isEqualTo(0xffff_fff1L);
        assertThat(c.inboundAckToLive(0x20, false)).isEqualTo(0x10);
    }

    @Test
    void echoedTimestampMapsToTheLiveValueTheScriptNamed() throws Exception {
        ScriptConnection c = connection();
        assertThat(c.outboundTsValToScript(777_000, Optional.of(100L))).isEqualTo(100);
        assertThat(c.inboundEcrToLive(100)).isEqualTo(777_000);
        assertThat(c.outboundTsValToScript(777_050, Optional.empty())).isEqualTo(150);
        assertThat(c.inboundEcrToLive(150)).isEqualTo(777_050);
    }

    @Test
    void aReportedTimestampLeavesTheAnchorToTheScriptsLineAndItsEchoMapsBack() throws Exception {
        ScriptConnection c = connection();
        // The REPL prints a segment before any line asserts it: the live value, remembered for an echo.
        assertThat(c.reportedTsValToScript(777_000)).isEqualTo(777_000);
        assertThat(c.inboundEcrToLive(777_000)).isEqualTo(777_000);
        // A > line naming TS val 100 for that segment anchors the mapping as in a script run.
        assertThat(c.outboundTsValToScript(777_000, Optional.of(100L))).isEqualTo(100);
        assertThat(c.reportedTsValToScript(777_050)).isEqualTo(150);
        assertThat(c.inboundEcrToLive(150)).isEqualTo(777_050);
    }
}
