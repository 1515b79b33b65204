package dev.jdrill.cli;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.interpreter.ScriptLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jdrill check PATH...}: parse and validate only; diagnostics for files with errors. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse and validate scripts without running them.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".pkt files or directories (searched recursively)")
    List<Path> paths;

    @CommandLine.Option(names = "-D", paramLabel = "NAME=VALUE", description = "define a symbol for the scripts")
    Map<String, String> defines = Map.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files;
        try {
            files = ScriptFiles.expandNonEmpty(paths);
        } catch (ScriptFiles.BadPath e) {
            spec.commandLine().getErr().println("jdrill check: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        int failed = 0;
        for (Path file : files) {
            ScriptLoader.Loaded loaded = ScriptLoader.load(file, defines);
            if (!loaded.diagnostics().isEmpty()) {
                failed++;
                for (Diagnostic d : loaded.diagnostics()) {
                    out.println(d.render(loaded.text()));
                }
            }
        }
        out.println(files.size() + " parsed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
