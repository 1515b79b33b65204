package dev.jdrill.repl;

import dev.jdrill.report.AtomicFiles;

import dev.jdrill.report.diagram.DiagramOptions;
import dev.jdrill.report.diagram.LadderDiagram;
import dev.jdrill.grammar.ast.Event;
import dev.jdrill.grammar.ast.Script;
import dev.jdrill.interpreter.DidYouMean;
import dev.jdrill.interpreter.ScriptLoader;
import dev.jdrill.interpreter.command.LinuxSysctlNames;
import dev.jdrill.interpreter.target.TargetIntrospection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The REPL's {@code :commands}. */
final class ReplCommands {
    /** Every command, for {@code :help} and completion. */
    static final List<String> NAMES = List.of(":help", ":state", ":tunables", ":set", ":wait", ":reset", ":load",
            ":save", ":diagram", ":quit", ":exit");
    private static final Pattern SECONDS = Pattern.compile("\\+?\\d+(?:\\.\\d+)?");
    private static final Pattern SYSCTL = Pattern.compile("[A-Za-z0-9_./-]+=[^\\s`]+");

    private final Repl repl;

    ReplCommands(Repl repl) {
        this.repl = repl;
    }

    /** @return false for {@code :quit} */
    boolean run(String input, int lineNumber) {
        String[] words = input.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        ReplOutput out = repl.output();
        switch (words[0]) {
            case ":quit", ":exit", ":q" -> {
                return false;
            }
            case ":help", ":h", ":?" -> out.note(ReplHelp.TEXT);
            case ":state" -> state();
            case ":tunables" -> tunables();
            case ":set" -> set(argument, lineNumber);
            case ":wait" -> {
                if (!SECONDS.matcher(argument).matches()) {
                    usage(":wait SECONDS (e.g. :wait 60)");
                } else {
                    repl.waitUntil(repl.session().nowMicros() + Repl.micros(argument.replace("+", "")), lineNumber);
                }
            }
            case ":reset" -> reset();
            case ":load" -> withFile(argument, ":load FILE", this::load);
            case ":save" -> withFile(argument, ":save FILE", this::save);
            case ":diagram" -> withFile(argument, ":diagram FILE.svg", this::diagram);
            default -> repl.output().error("jdrill: unknown command " + words[0]
                    + DidYouMean.closest(words[0], NAMES).map(n -> " (did you mean " + n + "? :help lists them)")
                            .orElse(" (:help lists them)"));
        }
        return true;
    }

    private void usage(String text) {
        repl.output().error("jdrill: usage: " + text);
    }

    private void withFile(String argument, String usage, java.util.function.Consumer<Path> action) {
        if (argument.isEmpty()) {
            usage(usage);
            return;
        }
        String expanded = argument.startsWith("~/") ? System.getProperty("user.home") + argument.substring(1) : argument;
        try {
            action.accept(repl.workingDirectory().resolve(expanded));
        } catch (java.nio.file.InvalidPathException e) {
            repl.output().error("jdrill: bad file name " + argument + ": " + e.getReason());
        }
    }

    private void state() {
        if (repl.session().target() instanceof TargetIntrospection introspection) {
            var snapshots = introspection.connections();
            if (snapshots.isPresent()) {
                repl.output().note(StateReport.ofSnapshots(snapshots.get(), repl.session().scriptFdsByLiveFd(),
                        repl.session().nowMicros()));
                return;
            }
        }
        repl.output().note(StateReport.ofSession(repl.session().connections(), repl.session().nowMicros()));
    }

    private void tunables() {
        if (repl.session().target() instanceof TargetIntrospection introspection) {
            var values = introspection.tunables();
            if (values.isPresent()) {
                StringBuilder sb = new StringBuilder();
                values.get().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(e -> sb.append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
                repl.output().note(sb.toString().stripTrailing());
                return;
            }
        }
        repl.output().note("the " + repl.targetName() + " target does not report its tunables' values; the names it knows:\n"
                + String.join("\n", CompletionWords.SYSCTLS) + "\n(:set NAME=VALUE changes one)");
    }

    /**
     * {@code :set NAME=VALUE} is the script line {@code `sysctl -q net.ipv4.NAME=VALUE`}, so :save keeps it:
     * by its full name, which the kernel's {@code sysctl} needs even where the engine takes a bare one.
     * Says what changed, from what.
     */
    private void set(String argument, int lineNumber) {
        if (!SYSCTL.matcher(argument).matches()) {
            usage(":set NAME=VALUE (e.g. :set net.ipv4.tcp_syn_retries=3)");
            return;
        }
        int eq = argument.indexOf('=');
        String name = argument.substring(0, eq).replace('/', '.').replaceFirst("^proc\\.sys\\.", "");
        String value = argument.substring(eq + 1);
        java.util.Optional<String> full = LinuxSysctlNames.fullName(name);
        if (full.isEmpty()) {
            repl.output().error("jdrill: no Linux has sysctl " + name
                    + LinuxSysctlNames.closest(name).map(n -> " (did you mean " + n + "?)").orElse(""));
            return;
        }
        String before = repl.tunableValues().get(full.get());
        String line = "`sysctl -q " + full.get() + "=" + value + "`";
        if (repl.runLine(line, 1, line)) {
            repl.output().note(full.get() + " = " + value + (before == null ? "" : " (was " + before + ")"));
        }
    }

    private void reset() {
        repl.session().close();
        if (repl.startSession()) {
            repl.output().note("new session on " + repl.targetName() + ": time 0, no sockets, default tunables");
        }
    }

    /**
     * Runs a script's events in this session, up to its first failure. Absolute times count from now, so
     * a script written to start at 0 runs as it would alone.
     */
    private void load(Path file) {
        ScriptLoader.Loaded loaded = ScriptLoader.load(file, repl.options().defines());
        if (loaded.script().isEmpty()) {
            repl.fail(loaded.diagnostics(), loaded.text());
            return;
        }
        Script script = loaded.script().get();
        long base = repl.session().nowMicros();
        int ran = 0;
        for (Event event : ScriptTimes.shifted(script, base)) {
            if (!repl.runEvent(event, loaded.text())) {
                repl.output().note("stopped " + file + " at line " + event.span().line() + " (" + ran + " events ran)");
                return;
            }
            ran++;
        }
        repl.output().note(String.format(Locale.ROOT, "ran %s: %d events, now at %.6f s", file, ran,
                repl.session().nowMicros() / 1e6));
    }

    private void save(Path file) {
        String text = repl.recording().render("// jdrill repl session on " + repl.targetName()
                + "; replay with: jdrill run " + file.getFileName() + "\n");
        writeFile(file, text, "saved");
    }

    private void diagram(Path file) {
        String svg = LadderDiagram.render(repl.session().trace(),
                DiagramOptions.defaults().withTitle("jdrill repl  ·  " + repl.targetName()));
        writeFile(file, svg, "wrote ladder diagram");
    }

    /** Written beside and moved into place, so an interrupted write never leaves half a file. */
    private void writeFile(Path file, String text, String verb) {
        try {
            AtomicFiles.write(file, text);
            repl.output().note(verb + " " + file);
        } catch (IOException | RuntimeException e) {
            repl.output().error("jdrill: cannot write " + file + ": " + e.getMessage());
        }
    }
}
