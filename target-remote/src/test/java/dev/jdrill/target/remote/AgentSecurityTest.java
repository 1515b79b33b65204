package dev.jdrill.target.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdrill.interpreter.RunResult;
import dev.jdrill.target.remote.control.AgentClient;
import dev.jdrill.target.remote.control.AgentToken;
import dev.jdrill.target.remote.control.ControlCodec;
import dev.jdrill.target.remote.control.ControlOps;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent serves only a client that knows the token, and runs commands and sets sysctls only when it
 * was started with --allow-commands. Connections are made from jdrill's namespace, as a real client's.
 */
class AgentSecurityTest {
    private static final int LOCKED_PORT = 7101;
    private static TwoHostNetwork net;

    @BeforeAll
    static void network() throws Exception {
        net = TwoHostNetwork.create();
        net.startAgent(LOCKED_PORT, false);
    }

    @AfterAll
    static void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    private static InetSocketAddress agent() {
        return new InetSocketAddress(TwoHostNetwork.AGENT_ADDRESS, LOCKED_PORT);
    }

    /** What the agent sends back to {@code hello} before it closes the connection (-1 when nothing). */
    private static int answerTo(byte[] hello) throws Exception {
        return net.onWireSide(() -> {
            try (Socket s = new Socket()) {
                s.connect(agent(), 5000);
                s.setSoTimeout(15_000);
                s.getOutputStream().write(hello);
                s.getOutputStream().flush();
                return s.getInputStream().read();
            }
        });
    }

    @Test
    void aClientWithoutTheTokenIsRefused() throws Exception {
        // Silence: the agent gives up after its handshake time and closes without a word.
        assertThat(answerTo(new byte[0])).isEqualTo(-1);
        // Another protocol: closed without a word.
        assertThat(answerTo("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        // Our protocol with a wrong token: refused.
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(ControlOps.MAGIC);
        ControlCodec.writeString(out, "not-the-token-at-all");
        assertThat(answerTo(b.toByteArray())).isEqualTo(ControlOps.REFUSED);

        assertThatThrownBy(() -> net.onWireSide(() -> AgentClient.connect(agent(), AgentToken.of("wrong-token-123"), false)))
                .hasMessageContaining("refused the connection: wrong token");
        // And the agent still serves the right client afterwards.
        net.onWireSide(() -> {
            AgentClient.connect(agent(), AgentToken.of(TwoHostNetwork.TOKEN), false).close();
            return null;
        });
    }

    @Test
    void commandsAndSysctlsAreRefusedUnlessAllowed() throws Exception {
        String refusal = net.onWireSide(() -> {
            try (AgentClient c = AgentClient.connect(agent(), AgentToken.of(TwoHostNetwork.TOKEN), false)) {
                c.command("touch /tmp/jdrill-agent-must-not-run-this", "/", Map.of());
                return "ran";
            } catch (AgentClient.AgentError e) {
                assertThat(e.unsupported()).isTrue();
                return e.getMessage();
            }
        });
        assertThat(refusal).contains("not started with --allow-commands");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/jdrill-agent-must-not-run-this"))).isFalse();

        // In a script: the command is a SKIP naming the reason, not a pass and not a failure of the stack.
        RunResult shell = RemoteRuns.run(net, RemoteRuns.load("shell.pkt", """
                0 `echo hello`
                +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                """), net.settings(LOCKED_PORT));
        assertThat(RemoteRuns.describe(shell)).startsWith("SKIP").contains("not started with --allow-commands").contains("`echo hello`");
        RunResult sysctl = RemoteRuns.run(net, RemoteRuns.load("sysctl.pkt", """
                0 `sysctl -q net.ipv4.tcp_syn_retries=1`
                +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                """), net.settings(LOCKED_PORT));
        assertThat(RemoteRuns.describe(sysctl)).startsWith("SKIP").contains("--allow-commands");
        String retries = TwoHostNetwork.sh("ip netns exec " + net.hostNs + " sysctl -n net.ipv4.tcp_syn_retries").strip();
        assertThat(retries).isEqualTo("6");
    }

    @Test
    void theControlCodecRefusesOversizedInput() {
        byte[] huge = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ControlCodec.readString(new DataInputStream(new java.io.ByteArrayInputStream(huge))))
                .isInstanceOf(IOException.class);
    }
}
