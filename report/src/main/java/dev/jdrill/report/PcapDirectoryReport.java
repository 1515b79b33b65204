package dev.jdrill.report;

import dev.jdrill.report.OutcomeReporter;
import dev.jdrill.report.ScriptOutcome;
import dev.jdrill.interpreter.RunResult;
import dev.jdrill.interpreter.TraceEntry;
import dev.jdrill.wire.IpPacket;
import dev.jdrill.wire.pcap.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code run --pcap DIR}: one capture per script and target, {@code DIR/<path with / as _>.<target>.pcap},
 * holding every packet the script injected and every packet the stack sent, stamped with its script
 * time (virtual on the engine, elapsed on the kernel) counted from the epoch, so Wireshark's "seconds
 * since beginning of capture" column reads as the script's own clock. A script that never ran (parse
 * errors) has no packets and gets no file.
 */
public final class PcapDirectoryReport implements OutcomeReporter {
    private final Path directory;

    public PcapDirectoryReport(Path directory) {
        this.directory = directory;
    }

    @Override
    public void record(ScriptOutcome outcome) throws IOException {
        if (outcome.result().isEmpty()) {
            return;
        }
        write(directory.resolve(fileName(outcome.path(), outcome.target())), outcome.result().get());
    }

    @Override
    public void close() {
        // Each capture is complete and in place as soon as its script is recorded.
    }

    /** {@code scripts/close/fin.pkt} on engine → {@code scripts_close_fin.pkt.engine.pcap}. */
    public static String fileName(String scriptPath, String target) {
        String path = scriptPath.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path.replace('/', '_') + "." + target + ".pcap";
    }

    static void write(Path file, RunResult result) throws IOException {
        PcapWriter pcap = PcapWriter.create(file);
        try {
            long previous = 0;
            for (TraceEntry e : result.trace()) {
                Optional<IpPacket> packet = switch (e) {
                    case TraceEntry.Injected i -> Optional.of(i.packet());
                    case TraceEntry.Sent s -> Optional.of(s.packet());
                    default -> Optional.empty();
                };
                if (packet.isPresent()) {
                    // The trace's order is cause and effect (an injected segment, then the stack's answer),
                    // while on the kernel an injection is stamped after the write returns, which can be a
                    // few microseconds after the kernel already answered. Keep the order; never let time
                    // run backwards.
                    previous = Math.max(previous, e.timeMicros());
                    pcap.write(previous, packet.get());
                }
            }
            pcap.close();
        } catch (IOException | RuntimeException e) {
            pcap.abort();
            throw e;
        }
    }
}
