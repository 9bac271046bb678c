package dev.stowage.dashboard;

import dev.stowage.dashboard.view.Views;
import dev.stowage.http.HandlerServer;
import dev.stowage.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The dashboard over HTTP, read-only (anything but GET is 405): the web app from the classpath
 * ({@code dashboard/index.html}, {@code app.js}, {@code app.css}), the views as JSON
 * ({@code /api/builds}, {@code /api/builds/ID}, {@code /api/digests/sha256:…}) and each change as a
 * Server-Sent Event on {@code /api/events} ({@code event: change}, data {@code {"kind":…,"id":…}}).
 * Runs on the caller's Vert.x instance (closing the server stops it and its keep-alive timer, never
 * the instance); port 0 picks a free port ({@link #port()}).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Map<String, String> STATIC = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    private final Views views;
    private final Vertx vertx;
    private final HandlerServer server;
    private final long keepAlive;
    private final Set<HttpServerResponse> listeners = new CopyOnWriteArraySet<>();

    /** Listens on {@code host:port}; fails (a bind exception in the cause chain) when the port is taken. */
    public DashboardServer(Vertx vertx, Views views, String host, int port) throws Exception {
        this.views = views;
        this.vertx = vertx;
        this.server = new HandlerServer(vertx, host, port, this::handle);
        this.keepAlive = vertx.setPeriodic(15_000, id -> listeners.forEach(r -> r.write(": keep-alive\n\n")));
    }

    public int port() {
        return server.port();
    }

    /** Tells every open {@code /api/events} stream what changed. */
    public void changed(Views.Change change) {
        String event = "event: change\ndata: " + Json.canonicalString(change) + "\n\n";
        listeners.forEach(r -> r.write(event));
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            req.response().setStatusCode(405).putHeader("allow", "GET").end("read-only\n");
            return;
        }
        String path = req.path();
        if (STATIC.containsKey(path)) {
            file(req, STATIC.get(path));
        } else if (path.equals("/api/builds")) {
            json(req, Map.of("builds", views.builds(), "fleetRebuilds", views.fleetRebuilds()));
        } else if (path.startsWith("/api/builds/")) {
            found(req, views.build(decode(path.substring("/api/builds/".length()))));
        } else if (path.startsWith("/api/digests/")) {
            found(req, views.buildOf(decode(path.substring("/api/digests/".length()))).map(id -> Map.of("build", id)));
        } else if (path.equals("/api/events")) {
            events(req);
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static void found(HttpServerRequest req, Optional<?> value) {
        if (value.isPresent()) json(req, value.get());
        else req.response().setStatusCode(404).putHeader("content-type", "application/json").end("{\"error\":\"not found\"}");
    }

    private static void json(HttpServerRequest req, Object value) {
        req.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(Json.canonicalString(value));
    }

    private void events(HttpServerRequest req) {
        HttpServerResponse r = req.response().setChunked(true).putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-store");
        r.write(": following\n\n");
        listeners.add(r);
        r.closeHandler(v -> listeners.remove(r));
        r.exceptionHandler(e -> listeners.remove(r));
    }

    private static void file(HttpServerRequest req, String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                req.response().setStatusCode(404).end();
                return;
            }
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            req.response().putHeader("content-type", type).end(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(keepAlive);
        server.close();
    }
}
