package dev.jdrill.cli.frompcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdrill.cli.Main;
import dev.jdrill.interpreter.target.Targets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop a user closes with these tools: run a script with {@code --pcap}, turn the capture back into
 * a script with {@code from-pcap}, and the new script passes on the same stack.
 */
class CaptureRoundTripTest {
    // The SYN-ACK's options are not checked (<...>), so its TS val is not in the script: as in packetdrill,
    // an ecr that names no scripted TS val needs --tcp_ts_ecr_scaled to be inferred from the live one.
    private static final String PASSIVE_OPEN = """
            --tcp_ts_ecr_scaled
            0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0  bind(3, ..., ...) = 0
            +0  listen(3, 1) = 0

            +0  < S 0:0(0) win 65535 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>
            +0  > S. 0:0(0) ack 1 <...>
            +.1 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 110 ecr 200>
            +0  accept(3, ..., ...) = 4

            +.1 < P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 120 ecr 200>
            +0  > . 1:1(0) ack 1001 <...>
            +0  read(4, ..., 2000) = 1000
            """;

    @TempDir
    Path dir;

    private static String jdrill(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("jdrill %s\n%s%s", String.join(" ", args), out, err).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void aRunsCaptureConvertsToAScriptThatPassesOnTheEngine() throws Exception {
        assumeTrue(Targets.names().contains(Targets.ENGINE), "the engine target is not built in");
        Path script = Files.writeString(dir.resolve("passive.pkt"), PASSIVE_OPEN);
        jdrill(0, "run", "--pcap", dir.resolve("pcap").toString(), script.toString());

        Path capture = dir.resolve("pcap").resolve(
                dev.jdrill.report.PcapDirectoryReport.fileName(script.toString(), "engine"));
        String generated = jdrill(0, "from-pcap", capture.toString());
        assertThat(generated).contains("listen(3, 1) = 0", "accept(3, ..., ...) = 4", "read(4, ..., 1000) = 1000",
                "< P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 120 ecr ");

        Path replay = Files.writeString(dir.resolve("replay.pkt"), generated);
        String result = jdrill(0, "run", replay.toString());
        assertThat(result).contains("PASS " + replay).endsWith("1 passed, 0 failed\n");
    }
}
