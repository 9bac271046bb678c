package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.http.HandlerServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.util.concurrent.Callable;

/** Binds a service's HTTP server; a port another process holds is bad input naming the port and the flag that moves it. */
final class Ports {
    private Ports() {}

    /** A server for {@code handler} on {@code vertx}, bound to {@code host:port}. */
    static HandlerServer bind(Vertx vertx, String flag, String host, int port, Handler<HttpServerRequest> handler) throws Exception {
        return bind(flag, host, port, () -> new HandlerServer(vertx, host, port, handler));
    }

    /** Runs {@code start}, which binds {@code host:port}; a port in use is bad input naming the port and {@code flag}. */
    static <T> T bind(String flag, String host, int port, Callable<T> start) throws Exception {
        try {
            return start.call();
        } catch (Exception e) {
            if (!inUse(e)) throw e;
            throw new BadInputException(flag + " " + port, "port " + port + " on " + host
                    + " is already in use; choose another with " + flag + " N (0 picks a free port)");
        }
    }

    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) return true;
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) return true;
        }
        return false;
    }
}
