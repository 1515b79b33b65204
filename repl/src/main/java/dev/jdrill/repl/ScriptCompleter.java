package dev.jdrill.repl;

import dev.jdrill.interpreter.command.LinuxSysctlNames;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: commands at the start of a line, sysctl names after {@code sysctl} or {@code :set} and
 * the current value after {@code :set name=},
 * options inside {@code < >}, and otherwise syscalls, constants, states and segment words.
 */
final class ScriptCompleter implements Completer {
    private static final Pattern SET_VALUE = Pattern.compile(":set\\s+([A-Za-z0-9_./-]+)=\\S*");

    /** The session's tunables by full name, read when completing (the session changes under the editor). */
    private volatile Supplier<Map<String, String>> tunables = Map::of;

    ScriptCompleter() {
    }

    ScriptCompleter(Supplier<Map<String, String>> tunables) {
        this.tunables = tunables;
    }

    void tunables(Supplier<Map<String, String>> values) {
        this.tunables = values;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        String trimmed = before.stripLeading();
        Matcher setValue = SET_VALUE.matcher(trimmed);
        if (setValue.matches()) {
            // After `:set name=`, the value it has now: the starting point of the change.
            String name = setValue.group(1);
            Map<String, String> values = tunables.get();
            String full = values.containsKey(name) ? name
                    : LinuxSysctlNames.fullName(name.replace('/', '.')).orElse(name);
            String current = values.get(full);
            if (current != null) {
                String word = line.word();
                String prefix = word.contains("=") ? word.substring(0, word.indexOf('=') + 1) : "";
                candidates.add(new Candidate(prefix + current, current, "current value", null, null, null, true));
            }
            return;
        }
        if (trimmed.startsWith(":") && line.wordIndex() == 0) {
            add(candidates, ReplCommands.NAMES, "command");
            return;
        }
        if (trimmed.startsWith(":set") || before.contains("sysctl")) {
            add(candidates, CompletionWords.SYSCTLS, "sysctl");
            return;
        }
        if (trimmed.startsWith(":")) {
            return;
        }
        if (insideOptions(before)) {
            add(candidates, CompletionWords.TCP_OPTIONS, "TCP option");
            return;
        }
        add(candidates, CompletionWords.SYSCALLS, "syscall");
        add(candidates, CompletionWords.CONSTANTS, "constant");
        add(candidates, CompletionWords.STATES, "state");
        add(candidates, CompletionWords.SEGMENT_WORDS, "segment");
        add(candidates, CompletionWords.TCP_OPTIONS, "TCP option");
    }

    /** After a {@code <} that opens TCP options, not the one that marks an inbound segment. */
    static boolean insideOptions(String before) {
        int lt = before.lastIndexOf('<');
        return lt >= 0 && lt > before.lastIndexOf('>') && !before.substring(0, lt).strip().matches("[0-9.+*~]*");
    }

    private static void add(List<Candidate> candidates, List<String> words, String group) {
        for (String w : words) {
            // Script words are followed by punctuation as often as by a blank, so no blank is added.
            candidates.add(new Candidate(w, w, group, null, null, null, group.equals("command")));
        }
    }
}
