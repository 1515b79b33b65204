package dev.jdrill.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.interpreter.RunOptions;
import dev.jdrill.target.remote.TwoHostNetwork;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The REPL on the remote target: a piped session against a host in its own namespace with an agent,
 * the settings given as on {@code jdrill repl --target remote --interface ... --agent ...}.
 */
class RemoteReplTest {
    private static final int AGENT_PORT = 7011;

    @Test
    void aSessionOnAnotherHostSeesItsSegmentsAndCalls() throws Exception {
        String lines = """
                0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
                +0  bind(3, ..., ...) = 0
                +0  listen(3, 1) = 0
                +0  < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>
                +0  > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 10>
                +.1 < . 1:1(0) ack 1 win 257
                +0  accept(3, ..., ...) = 4
                +0  write(4, ..., 100) = 100
                +0  > P. 1:101(100) ack 1
                """;
        try (TwoHostNetwork net = TwoHostNetwork.create()) {
            net.startAgent(AGENT_PORT, false);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Path here = Path.of("").toAbsolutePath();
            int status = net.onWireSide(() -> ReplCommand.loop("remote", net.settings(AGENT_PORT),
                    new PipedLineSource(new BufferedReader(new StringReader(lines))),
                    new ReplOutput(new PrintWriter(out, true), new PrintWriter(err, true), false), RunOptions.defaults(),
                    here));
            assertThat(err.toString()).isEmpty();
            assertThat(status).isZero();

            // The same lines expecting a SYN-ACK the host does not send (ack 2): the piped REPL reports that
            // line and ends with status 1, as on the other targets.
            StringWriter err2 = new StringWriter();
            int failing = net.onWireSide(() -> ReplCommand.loop("remote", net.settings(AGENT_PORT),
                    new PipedLineSource(new BufferedReader(new StringReader(lines.replace("> S. 0:0(0) ack 1", "> S. 0:0(0) ack 2")))),
                    new ReplOutput(new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true), false),
                    RunOptions.defaults(), here));
            assertThat(failing).isEqualTo(1);
            assertThat(err2.toString()).contains(":6:").contains("ack");
        }
    }
}
