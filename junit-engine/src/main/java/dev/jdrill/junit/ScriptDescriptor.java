package dev.jdrill.junit;

import dev.jdrill.grammar.Diagnostic;
import dev.jdrill.interpreter.ScriptLoader;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;

/**
 * One script: a container of one test per target. Parsed at discovery, so a script with errors is
 * located at its first error's line before anything runs.
 */
final class ScriptDescriptor extends AbstractTestDescriptor {
    private final ScriptSource script;
    private final ScriptLoader.Loaded loaded;

    ScriptDescriptor(UniqueId id, ScriptSource script, ScriptLoader.Loaded loaded) {
        super(id, script.displayPath(), script.testSource(firstErrorPosition(loaded)));
        this.script = script;
        this.loaded = loaded;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    ScriptSource script() {
        return script;
    }

    ScriptLoader.Loaded loaded() {
        return loaded;
    }

    /** The parse and validation errors in the contract's form, or empty when the script can run. */
    Optional<String> diagnostics() {
        if (loaded.script().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(loaded.diagnostics().stream().map(d -> d.render(loaded.text()))
                .collect(Collectors.joining("\n")));
    }

    static Optional<FilePosition> firstErrorPosition(ScriptLoader.Loaded loaded) {
        return loaded.diagnostics().stream().findFirst().map(Diagnostic::span)
                .filter(s -> s.line() > 0)
                .map(s -> FilePosition.from(s.line(), Math.max(1, s.column())));
    }
}
