package dev.jdrill.cli.frompcap;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jdrill from-pcap CAPTURE [--flow LOCAL-PEER]}: prints a script that replays one captured TCP
 * connection against the stack that was captured. Exit 0 with the script on stdout, or 1 with one line
 * {@code CAPTURE: error: ...} on stderr.
 */
@Command(name = "from-pcap", mixinStandardHelpOptions = true,
        description = {"Write a script from a capture (pcap or pcapng) of one TCP connection.",
                "The stack under test's segments become '>' lines, the peer's '<' lines; socket calls are"
                        + " inferred (connect, listen/accept, write, read, close)."})
public final class FromPcapCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a pcap or pcapng file")
    Path capture;

    @Option(names = "--flow", paramLabel = "ADDR:PORT-ADDR:PORT",
            description = {"the connection to convert, the stack under test first (needed when the capture"
                    + " holds several); by default the end facing 192.0.2.1, else the end that sent the first SYN,"
                    + " is the stack"})
    Optional<String> flow = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Flow> chosen = Optional.empty();
        if (flow.isPresent()) {
            chosen = Flow.parse(flow.get());
            if (chosen.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--flow must be ADDR:PORT-ADDR:PORT (IPv6 as [ADDR]:PORT), not " + flow.get());
            }
        }
        try {
            String script = convert(capture, chosen);
            spec.commandLine().getOut().print(script);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (CaptureException e) {
            spec.commandLine().getErr().println(capture + ": error: " + e.getMessage());
            return 1;
        }
    }

    /** The script for the chosen (or only) TCP connection of a capture file. */
    static String convert(Path capture, Optional<Flow> flow) throws CaptureException {
        TcpConnection connection = TcpConnection.select(CaptureReader.read(capture), flow);
        // The header names the command that made the script, --flow included: without it another run
        // may pick a different connection of the same capture.
        String command = capture.getFileName() + flow.map(f -> " --flow " + f).orElse("");
        return ConversationScript.write(connection, command);
    }
}
