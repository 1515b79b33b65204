package dev.jdrill.report;

import dev.jdrill.report.OutcomeReporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The reporters {@code run}'s {@code --junit-xml}, {@code --tap} and {@code --pcap} options ask for. */
public final class ReportFiles {

    private ReportFiles() {
    }

    public static List<OutcomeReporter> requested(Optional<Path> junitXml, Optional<Path> tap, Optional<Path> pcapDir) {
        List<OutcomeReporter> reporters = new ArrayList<>();
        junitXml.ifPresent(f -> reporters.add(new JUnitXmlReport(f)));
        tap.ifPresent(f -> reporters.add(new TapReport(f)));
        pcapDir.ifPresent(d -> reporters.add(new PcapDirectoryReport(d)));
        return reporters;
    }
}
