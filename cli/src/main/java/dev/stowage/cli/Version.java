package dev.stowage.cli;

import picocli.CommandLine;

/** The version printed by {@code stowage --version}. */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"stowage " + current()};
    }
}
