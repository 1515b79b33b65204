package dev.jdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One mutation per packetdrill option: the same script gets another verdict with the option than without
 * it, in a script line and on the command line (packetdrill's spelling and jdrill's). These run on the
 * engine, whose clock is exact; the options that live in the kernel's device layer are in
 * {@link PacketdrillNetworkOptionsTest}.
 */
class PacketdrillOptionsMutationTest {

    record Result(int exit, String out) {
    }

    @TempDir
    Path dir;

    private Result run(String script, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("s" + System.nanoTime() + ".pkt"), script);
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(List.of(args));
        argv.add(file.toString());
        StringWriter out = new StringWriter();
        int exit = Main.execute(argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
        return new Result(exit, out.toString());
    }

    static final String HANDSHAKE = """
            0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0  bind(3, ..., ...) = 0
            +0  listen(3, 1) = 0
            +0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
            +0  > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 10>
            +.1 < . 1:1(0) ack 1 win 257
            +0  accept(3, ..., ...) = 4
            """;

    static final String TIMESTAMPS = """
            0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0  setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
            +0  bind(3, ..., ...) = 0
            +0  listen(3, 1) = 0
            +0  < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 700 ecr 0,nop,wscale 7>
            +0  > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 700,nop,wscale 10>
            +.1 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 800 ecr 100>
            +0  accept(3, ..., ...) = 4
            +1  write(4, ..., 2000) = 2000
            +0  > P. 1:2001(2000) ack 1 <nop,nop,TS val TSVAL ecr 800>
            +.1 < . 1:1(0) ack 2001 win 257 <nop,nop,TS val 900 ecr ECR>
            """;

    private static String timestamps(long tsVal, long ecr) {
        return TIMESTAMPS.replace("TSVAL", Long.toString(tsVal)).replace("ECR", Long.toString(ecr));
    }

    @Test
    void toleranceUsecsWidensTheFixedSlack() throws Exception {
        // The SYN-ACK comes at once; the line expects it 5 ms later.
        String script = HANDSHAKE.replace("+0  > S.", "+.005 > S.");
        assertThat(run(script).exit()).isEqualTo(1);
        assertThat(run("--tolerance_usecs=6000\n" + script).exit()).isZero();
        assertThat(run(script, "--tolerance_usecs=6000").exit()).isZero();
        // The command line overwrites the script's own line, as packetdrill's does.
        assertThat(run("--tolerance_usecs=6000\n" + script, "--tolerance_usecs=1000").exit()).isEqualTo(1);
    }

    @Test
    void tolerancePercentWidensTheSlackWithTheGap() throws Exception {
        String script = HANDSHAKE.replace("+0  > S.", "+.04 > S.");
        assertThat(run(script).exit()).isEqualTo(1);
        assertThat(run("--tolerance_percent=100\n" + script).exit()).isZero();
        assertThat(run(script, "--tolerance-percent", "100").exit()).isZero();
    }

    @Test
    void tsTickUsecsChecksTheOutboundTsVal() throws Exception {
        // The engine's TS clock ticks each millisecond: 1.1 s after TS val 100 it sends 1200, not 1400.
        String wrong = timestamps(1400, 100);
        assertThat(run(wrong).exit()).as("TS val is not compared by default").isZero();
        Result checked = run("--tcp_ts_tick_usecs=1000\n" + wrong);
        assertThat(checked.exit()).isEqualTo(1);
        assertThat(checked.out()).contains("TS val: expected 1400 but got 1200");
        assertThat(run(timestamps(1200, 100), "--tcp-ts-tick-usecs", "1000").exit()).isZero();
        // The tolerance is 12.5 % of the 1.1 s since the start (137.5 ms, so 137 ticks of 1 ms), or more.
        assertThat(run(timestamps(1330, 100), "--tcp_ts_tick_usecs=1000").exit()).isZero();
        assertThat(run(timestamps(1400, 100), "--tcp_ts_tick_usecs=1000", "--tolerance_percent=50").exit()).isZero();
    }

    @Test
    void tsEcrScaledInterpolatesAnEcrThatEchoesNothing() throws Exception {
        String script = timestamps(1200, 150);
        Result strict = run(script);
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).contains("unable to infer live TS ecr for script TS ecr 150");
        assertThat(run("--tcp_ts_ecr_scaled\n" + script).exit()).isZero();
        assertThat(run(script, "--tcp-ts-ecr-scaled").exit()).isZero();
    }

    static final String TWO_WRITES = HANDSHAKE + """
            +0  setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0
            +0  write(4, ..., 1000) = 1000
            +0  write(4, ..., 1000) = 1000
            +0  > P. 1:2001(2000) ack 1
            """;

    @Test
    void strictSegmentsNeverJoinsPackets() throws Exception {
        assertThat(run(TWO_WRITES).exit()).isZero();
        Result strict = run("--strict_segments\n" + TWO_WRITES);
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).contains("payload length: expected 2000 but got 1000");
        assertThat(run(TWO_WRITES, "--strict-segments").exit()).isEqualTo(1);
    }

    @Test
    void mtuSetsTheAdvertisedMss() throws Exception {
        assertThat(run(HANDSHAKE).exit()).isZero();
        Result small = run("--mtu=1000\n" + HANDSHAKE);
        assertThat(small.exit()).isEqualTo(1);
        assertThat(small.out()).contains("mss 960");
        assertThat(run(HANDSHAKE.replace("mss 1460", "mss 960"), "--mtu=1000").exit()).isZero();
    }

    @Test
    void ipVersionChoosesTheAddressFamily() throws Exception {
        // ipv6 needs IPv6 addresses: the IPv4 local address becomes an error.
        assertThat(run("--local_ip=192.168.0.1\n" + HANDSHAKE).exit()).isZero();
        Result v6 = run("--ip_version=ipv6\n--local_ip=192.168.0.1\n" + HANDSHAKE);
        assertThat(v6.exit()).isEqualTo(1);
        assertThat(v6.out()).contains(":2:1: error: bad --local_ip: 192.168.0.1 is not an IPv6 address");
        assertThat(run("--ip_version=ipv5\n" + HANDSHAKE).out()).contains(":1:1: error: bad --ip_version: ipv5");
    }

    @Test
    void defineSubstitutesInTheRestOfTheScript() throws Exception {
        String script = HANDSHAKE.replace("win 257", "win WINDOW");
        assertThat(run(script).exit()).isEqualTo(1);
        assertThat(run("--define=WINDOW=257\n" + script).exit()).isZero();
        assertThat(run(script, "--define", "WINDOW=257").exit()).isZero();
    }

    @Test
    void dryRunRunsNothing() throws Exception {
        String failing = HANDSHAKE.replace("> S.", "> R.");
        assertThat(run(failing).exit()).isEqualTo(1);
        assertThat(run("--dry_run\n" + failing).exit()).isZero();
        assertThat(run(failing, "--dry-run").exit()).isZero();
    }

    @Test
    void nonFatalPacketMakesAWrongPacketAWarning() throws Exception {
        String wrongWindow = HANDSHAKE.replace("> S. 0:0(0) ack 1", "> S. 0:0(0) ack 1 win 1");
        assertThat(run(wrongWindow).exit()).isEqualTo(1);
        assertThat(run("--non_fatal=packet\n" + wrongWindow).exit()).isZero();
        assertThat(run(wrongWindow, "--non-fatal", "syscall").exit()).as("syscall changes nothing, as in packetdrill")
                .isEqualTo(1);
    }

    @Test
    void initScriptsRunFirstAndStopTheRunWhenOneFails() throws Exception {
        // The engine answers sysctl commands as the kernel would: no window scaling, no wscale option.
        String noScaling = "sysctl -q net.ipv4.tcp_window_scaling=0";
        assertThat(run("--init_scripts=\"true," + noScaling + "\"\n" + HANDSHAKE).out())
                .contains("expected <mss 1460,nop,nop,sackOK,nop,wscale 10> but got <mss 1460,nop,nop,sackOK>");
        assertThat(run(HANDSHAKE, "--init-scripts", noScaling).exit()).isEqualTo(1);
        assertThat(run(HANDSHAKE.replace(",nop,wscale 10", ""), "--init_scripts=" + noScaling).exit()).isZero();
    }

    @Test
    void codeOptionsAcceptWhatJdrillEvaluatesAndNameTheRest() throws Exception {
        assertThat(run("--code_command=python3\n--code_format=python\n--code_sockopt=TCP_INFO\n" + HANDSHAKE).exit())
                .isZero();
        assertThat(run("--code_command=ruby\n" + HANDSHAKE).out()).contains(":1:1: error: --code_command=ruby is not supported");
        assertThat(run("--code_format=json\n" + HANDSHAKE).exit()).isEqualTo(1);
        assertThat(run(HANDSHAKE, "--code_sockopt=TCP_CC_INFO").exit()).isEqualTo(2);
    }

    @Test
    void optionsJdrillCannotHonourAreErrorsNamingThem() throws Exception {
        Result wire = run("--wire_client\n" + HANDSHAKE);
        assertThat(wire.exit()).isEqualTo(1);
        assertThat(wire.out()).contains(":1:1: error: option --wire_client is not supported by jdrill");
        assertThat(run("--so_filename=\"/x.so\"\n" + HANDSHAKE).out()).contains("option --so_filename is not supported");
        assertThat(run("--no_such_option=1\n" + HANDSHAKE).out()).contains("option 'no_such_option' unknown");
        assertThat(run("--strict_segments=1\n" + HANDSHAKE).out()).contains("option 'strict_segments' forbids an argument");
        assertThat(run(HANDSHAKE, "--wire_server").exit()).isEqualTo(2);
    }

    @Test
    void sendOmitFreeAndVerboseChangeNoVerdict() throws Exception {
        // send_omit_free only keeps packetdrill from freeing send buffers; jdrill never frees them early.
        assertThat(run("--send_omit_free\n" + HANDSHAKE).exit()).isZero();
        Result verbose = run("--verbose\n" + HANDSHAKE);
        assertThat(verbose.exit()).isZero();
        assertThat(verbose.out()).contains("inject line 6");
        assertThat(run(HANDSHAKE, "-v").out()).contains("inject line 5");
    }

    @Test
    void portsAreChecked() throws Exception {
        assertThat(run("--bind_port=0\n" + HANDSHAKE).out()).contains("bad --bind_port: 0");
        assertThat(run(HANDSHAKE, "--connect_port=70000").exit()).isEqualTo(2);
    }

    @Test
    void ipVersionAllRunsEachVariantAsTheRunnerDoes() throws Exception {
        Result all = run(HANDSHAKE, "--ip-version", "all");
        assertThat(all.out()).containsPattern("PASS .* \\(engine ipv4, ")
                .containsPattern("PASS .* \\(engine ipv4-mapped-ipv6, ")
                .containsPattern("PASS .* \\(engine ipv6, ");
        assertThat(all.out().strip()).endsWith("3 passed, 0 failed");
    }
}
