package dev.jdrill.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or the build's when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    static final String VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"jdrill " + (v == null ? VERSION : v)};
    }
}
