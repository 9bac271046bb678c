package dev.stowage.cli;

import dev.stowage.dashboard.Dashboard;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code [--port N] [--bind ADDR]} of the dashboard, and serving it until SIGTERM: it binds
 * loopback unless told otherwise; a port in use is exit 2 naming {@code --port}.
 */
final class DashboardOptions {
    static final int DEFAULT_PORT = 8085;
    @Option(names = "--port", paramLabel = "N", description = "dashboard: port of the web app (default 8085; 0 picks a free port, printed)") Integer port;
    @Option(names = "--bind", paramLabel = "ADDR", description = "dashboard: address it listens on (default 127.0.0.1, this host only)") String bind;

    boolean given() {
        return port != null || bind != null;
    }

    int port(CommandLine cl) {
        int p = port == null ? DEFAULT_PORT : port;
        if (p < 0 || p > 65535) throw new CommandLine.ParameterException(cl, "--port must be 0-65535, got " + p);
        return p;
    }

    String bind() {
        return bind == null ? "127.0.0.1" : bind;
    }

    /** Opens the dashboard with {@code open(host, port)}, says where it serves what, and serves until the shutdown signal. */
    int serve(CommandLine cl, String source, Opener open, ShutdownSignal signal) throws Exception {
        int p = port(cl);
        String host = bind();
        PrintWriter out = cl.getOut();
        try (Dashboard dashboard = Ports.bind("--port", host, p, () -> open.open(host, p))) {
            out.println(Clock.systemUTC().instant() + " dashboard http://" + host + ":" + dashboard.port() + "/ following " + source);
            out.flush();
            signal.await();
            out.println(Clock.systemUTC().instant() + " dashboard stopping");
        }
        return ExitCodes.OK;
    }

    /** Starts a dashboard on {@code host:port}. */
    interface Opener {
        Dashboard open(String host, int port) throws Exception;
    }
}
