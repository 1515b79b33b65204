package dev.jdrill.cli.frompcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture made by tcpdump inside the test's own network namespace during a kernel run, converted by
 * from-pcap, passes on the kernel again. Needs root, the linux target and tcpdump; without them it is
 * skipped, unless JDRILL_REQUIRE_LINUX=1 (CI), where that is a failure.
 */
class KernelCaptureRoundTripTest {
    private static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");

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
    void tcpdumpInTheNamespaceThenFromPcapThenTheKernelAgain() throws Exception {
        KernelRequirement.requireLinuxTarget(Optional.of(TCPDUMP));
        Path capture = dir.resolve("kernel.pcap");
        Path pid = dir.resolve("tcpdump.pid");
        // The init command runs inside the script's namespace once tun0 is up; tcpdump's output goes to
        // /dev/null so the command's pipe closes when the shell exits. --immediate-mode: libpcap would
        // otherwise hand packets over in blocks, and the kill at the end could lose the last block.
        // The SYN-ACK's TS val is not scripted (<...>): packetdrill needs --tcp_ts_ecr_scaled to infer the ecrs.
        String script = "--tcp_ts_ecr_scaled\n`" + TCPDUMP + " -i tun0 -n -U --immediate-mode -w " + capture + " >/dev/null 2>&1 & echo $! > " + pid
                + "; sleep 1`\n"
                + """
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
                +0  write(4, ..., 500) = 500
                +0  > P. 1:501(500) ack 1001 <...>
                +.1 < . 1001:1001(0) ack 501 win 257 <nop,nop,TS val 130 ecr 300>
                """
                // Let tcpdump write the last segment, then stop it and wait until it has closed the file.
                + "+.5 `sleep 0.2; kill $(cat " + pid + "); sleep 0.3`\n";
        Path original = Files.writeString(dir.resolve("original.pkt"), script);
        jdrill(0, "run", "--target", "linux", original.toString());
        assertThat(capture).exists();

        String generated = jdrill(0, "from-pcap", capture.toString());
        assertThat(generated).contains("accept(3, ..., ...) = 4", "read(4, ..., 1000) = 1000",
                "write(4, ..., 500) = 500", "> P. 1:501(500) ack 1001");

        Path replay = Files.writeString(dir.resolve("replay.pkt"), generated);
        assertThat(jdrill(0, "run", "--target", "linux", replay.toString())).endsWith("1 passed, 0 failed\n");
    }
}
