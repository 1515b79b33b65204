package dev.jdrill.repl;

import dev.jdrill.interpreter.RunOptions;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Drives a REPL session as CI does, stdin piped, and keeps what it printed. */
record PipedSession(int status, String out, String err) {

    static PipedSession run(Path directory, String input) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RunOptions options = new RunOptions(Optional.empty(), java.util.Map.of(), Optional.of(directory),
                dev.jdrill.interpreter.target.TargetConfig.IpMode.IPV4, false);
        int status = ReplCommand.loop("engine", java.util.Map.of(), new PipedLineSource(new BufferedReader(new StringReader(input))),
                new ReplOutput(new PrintWriter(out), new PrintWriter(err), false), options, directory);
        return new PipedSession(status, out.toString(), err.toString());
    }
}
