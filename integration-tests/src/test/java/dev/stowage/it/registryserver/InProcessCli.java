package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** {@code stowage ARGS} run in this JVM ({@code Main.run}), which must exit 0; its stdout. */
final class InProcessCli {
    private InProcessCli() {}

    static String ok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as(String.join(" ", args) + "\n" + err).isZero();
        return out.toString();
    }
}
