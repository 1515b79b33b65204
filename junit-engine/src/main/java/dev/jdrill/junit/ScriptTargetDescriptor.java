package dev.jdrill.junit;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One script on one target: the test. Reports name it {@code path [target]}, as {@code jdrill run} does. */
final class ScriptTargetDescriptor extends AbstractTestDescriptor {
    private final String target;
    private final String reportingName;

    ScriptTargetDescriptor(UniqueId id, String displayPath, String target, TestSource source) {
        super(id, displayPath + " [" + target + "]", source);
        this.target = target;
        this.reportingName = displayPath + " [" + target + "]";
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public String getLegacyReportingName() {
        return reportingName;
    }

    String target() {
        return target;
    }
}
