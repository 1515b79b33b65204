package dev.jdrill.interpreter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tunable settings out of a backtick command, for targets that cannot run shell commands
 * (the engine): {@code sysctl -q net.ipv4.tcp_syn_retries=3}, {@code echo 3 > /proc/sys/net/ipv4/...},
 * the corpus's {@code set_sysctls.py /proc/sys/...=v} helper, and its {@code defaults.sh} baseline, whose
 * lines are read from the file itself. A command with anything else in it is not understood as a whole,
 * so the caller can report exactly which part.
 */
public final class TunableCommands {

    /** One sysctl to set; {@code fromBaseline} when it came from defaults.sh, not from the script. */
    public record Setting(String name, String value, boolean fromBaseline) {
    }

    /** The commands read from a command text, or the first part that is not a tunable setting. */
    public record Interpretation(List<Setting> settings, Optional<String> notUnderstood) {
    }

    private static final Pattern SYSCTL = Pattern.compile("^sysctl\\s+(?:-[qwe]+\\s+)*(.+)$");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_./-]+)=(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern ECHO_PROC = Pattern.compile("^echo\\s+(\"[^\"]*\"|'[^']*'|\\S+)\\s*>\\s*/proc/sys/(\\S+)$");
    private static final Pattern SET_SYSCTLS = Pattern.compile("^\\S*set_sysctls\\.py\\s+(.+)$");
    private static final Pattern DEFAULTS = Pattern.compile("^\\S*defaults\\.sh$");
    /** The restore script set_sysctls.py writes: meaningless for a stack that lives for one script. */
    private static final Pattern RESTORE = Pattern.compile("^/tmp/sysctl_restore_\\S*\\.sh$");
    private static final Pattern REDIRECTS = Pattern.compile("\\s*(?:[12]?>\\s*/dev/null|2>&1)");

    private TunableCommands() {
    }

    public static Interpretation interpret(String command, Path workingDirectory) {
        List<Setting> settings = new ArrayList<>();
        Optional<String> failed = interpretInto(command, workingDirectory, false, settings, 0);
        return new Interpretation(settings, failed);
    }

    private static Optional<String> interpretInto(String command, Path dir, boolean baseline, List<Setting> out, int depth) {
        for (String raw : command.split("\n|;|&&")) {
            String line = REDIRECTS.matcher(raw.strip()).replaceAll("").strip();
            if (line.endsWith("|| true")) {
                line = line.substring(0, line.length() - "|| true".length()).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.equals("true") || line.equals(":")) {
                continue;
            }
            Matcher m;
            if ((m = SYSCTL.matcher(line)).matches()) {
                Matcher a = ASSIGNMENT.matcher(m.group(1));
                boolean any = false;
                while (a.find()) {
                    out.add(new Setting(a.group(1).replace('/', '.'), unquote(a.group(2)), baseline));
                    any = true;
                }
                if (!any) {
                    return Optional.of(line);
                }
            } else if ((m = ECHO_PROC.matcher(line)).matches()) {
                out.add(new Setting(m.group(2).replace('/', '.'), unquote(m.group(1)), baseline));
            } else if ((m = SET_SYSCTLS.matcher(line)).matches()) {
                Matcher a = ASSIGNMENT.matcher(m.group(1));
                while (a.find()) {
                    String name = a.group(1).replaceFirst("^/proc/sys/", "").replace('/', '.');
                    out.add(new Setting(name, unquote(a.group(2)), baseline));
                }
            } else if (DEFAULTS.matcher(line).matches() && depth == 0) {
                Path file = dir.resolve(line).normalize();
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return Optional.of(line + " (cannot read " + file + ")");
                }
                Optional<String> inner = interpretBaseline(text, dir, out, depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            } else if (RESTORE.matcher(line).matches()) {
                continue;
            } else if (!baseline) {
                return Optional.of(line);
            }
            // In a baseline file, lines that configure the host rather than TCP (flushing the metrics
            // cache, the qdisc) have nothing to act on in a fresh engine and are passed over.
        }
        return Optional.empty();
    }

    private static Optional<String> interpretBaseline(String text, Path dir, List<Setting> out, int depth) {
        return interpretInto(text, dir, true, out, depth);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
