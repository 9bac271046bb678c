package dev.stowage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where diagnostics (bus warnings, registry retries) go: for the commands a user runs, to
 * {@code stowage.log} in the state folder ({@code $XDG_CACHE_HOME/stowage}, else
 * {@code ~/.cache/stowage}) so the terminal shows only results and the one error line; on stderr
 * with {@code --verbose} and for {@code serve} (a service's log is its stderr). Decided before the
 * first logger exists: slf4j-simple reads its settings once.
 */
final class LogSetup {
    static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

    private LogSetup() {}

    static void configure(String[] args, Defaults defaults) {
        if (System.getProperty(LOG_FILE) != null) return; // chosen by the caller (-D…)
        boolean serve = args.length > 0 && args[0].equals("serve");
        if (serve || Arrays.asList(args).contains("--verbose")) {
            System.setProperty(LOG_FILE, "System.err");
            return;
        }
        Path log = defaults.logFile();
        try {
            Files.createDirectories(log.getParent());
            System.setProperty(LOG_FILE, log.toString());
        } catch (IOException | SecurityException e) {
            System.setProperty(LOG_FILE, "System.err"); // no state folder: better on the terminal than lost
        }
    }
}
