package dev.jdrill.report.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdrill.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdrill run --report DIR} end to end, on the engine: the report names the script and draws its segments. */
class RunReportOptionTest {

    @TempDir
    Path dir;

    @Test
    void runWritesTheReportAndOneDiagramPerScript() throws Exception {
        Path script = dir.resolve("active-open.pkt");
        Files.writeString(script, """
                0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0  fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
                +0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
                +0  > S 0:0(0) <...>
                +.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
                +0  > . 1:1(0) ack 1
                """);
        Path report = dir.resolve("report");
        StringWriter out = new StringWriter();
        int exit = Main.execute(new String[] {"run", "--report", report.toString(), script.toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));

        assertThat(out.toString()).contains("1 passed, 0 failed");
        assertThat(exit).isZero();
        String index = Files.readString(report.resolve("index.html"));
        assertThat(index).contains(script.toString()).contains("PASS");
        try (var files = Files.list(report)) {
            Path svg = files.filter(p -> p.toString().endsWith(".engine.svg")).findFirst().orElseThrow();
            assertThat(index).contains(svg.getFileName().toString());
            assertThat(SvgDocuments.rows(SvgDocuments.parse(Files.readString(svg)), "segment")).hasSize(3);
        }
    }
}
