package dev.jdrill.cli;

import dev.jdrill.interpreter.DidYouMean;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's usage errors in jdrill's voice: the command, what was wrong, what to try. picocli's own
 * wording ({@code Unmatched arguments from index 0: 'runn'}, {@code 'abc' is not a long}) names Java
 * types and argument indexes a user never sees.
 */
final class UsageMessages {

    private UsageMessages() {
    }

    /** The lines to print for a usage error. */
    static List<String> of(CommandLine.ParameterException e) {
        CommandLine cl = e.getCommandLine();
        String command = commandPath(cl);
        String help = "try 'jdrill " + (cl.getParent() == null ? "" : cl.getCommandName() + " ") + "--help'";
        return List.of(command + ": " + problem(e, cl) + "; " + help);
    }

    private static String problem(CommandLine.ParameterException e, CommandLine cl) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            List<String> suggestions = u.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : " (did you mean " + suggestions.getFirst() + "?)";
            if (first.startsWith("-")) {
                String option = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                List<String> names = cl.getCommandSpec().options().stream().flatMap(o -> Arrays.stream(o.names())).toList();
                return "unknown option " + option + DidYouMean.hint(option, names);
            }
            if (cl.getParent() == null) {
                return "unknown command '" + first + "'" + hint + "; the commands are "
                        + String.join(", ", cl.getSubcommands().keySet());
            }
            return "unexpected argument '" + first + "'" + hint;
        }
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec missing = m.getMissing().getFirst();
            return missing instanceof OptionSpec o
                    ? o.longestName() + " needs a value (" + o.paramLabel() + ")"
                    : "no " + missing.paramLabel() + " given (" + firstLine(missing.description()) + ")";
        }
        ArgSpec arg = e.getArgSpec();
        if (arg != null && e.getValue() != null && e.getCause() instanceof CommandLine.TypeConversionException) {
            String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
            return name + " takes " + expected(arg) + ", not '" + e.getValue() + "'";
        }
        String message = e.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String expected(ArgSpec arg) {
        Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number (" + arg.paramLabel() + ")";
        }
        return arg.paramLabel();
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "see --help" : description[0];
    }

    private static String commandPath(CommandLine cl) {
        return cl.getParent() == null ? "jdrill" : "jdrill " + cl.getCommandName();
    }
}
