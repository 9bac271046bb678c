package dev.stowage.fleet.webhook;

import dev.stowage.bus.EventBus;
import dev.stowage.event.EventHeader;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.fleet.FleetIds;
import dev.stowage.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /v1/changes}: a Hydra or CI hook reports changed store paths ({@link ChangeDocument}).
 * The caller must send {@code Authorization: Bearer <shared token>} (401 otherwise, before the
 * body is read); a body that is not a valid change is answered 400 with the reason; a valid one
 * is published as a {@link StorePathsChanged} (the planner role plans the rebuild) and answered
 * 202 with the fleet rebuild id. Nothing is published for a refused request. Mount it on any
 * Vert.x HTTP server (infra/http's {@code HandlerServer} is one); the token never appears in a response or log.
 */
public final class ChangeWebhook implements Handler<HttpServerRequest> {
    public static final String PATH = "/v1/changes";
    static final int MAX_BODY = 16 * 1024 * 1024;
    private final EventBus bus;
    private final byte[] token;
    private final String producer;
    private final Clock clock;

    public ChangeWebhook(EventBus bus, String token, String producer, Clock clock) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the webhook needs a shared token");
        this.bus = bus;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.producer = producer;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServerRequest req) {
        if (!PATH.equals(req.path())) {
            answer(req, 404, Map.of("error", "no such endpoint " + req.path()));
        } else if (req.method() != HttpMethod.POST) {
            req.response().putHeader("allow", "POST");
            answer(req, 405, Map.of("error", "use POST"));
        } else if (!authorized(req.getHeader("authorization"))) {
            req.response().putHeader("www-authenticate", "Bearer realm=\"stowage\"");
            answer(req, 401, Map.of("error", "a valid bearer token is required"));
        } else {
            readBody(req);
        }
    }

    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token);
    }

    private void readBody(HttpServerRequest req) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        req.handler(chunk -> {
            if (refused[0]) return;
            if (body.length() + chunk.length() > MAX_BODY) {
                refused[0] = true;
                answer(req, 413, Map.of("error", "the change is larger than " + MAX_BODY + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!refused[0]) accept(req, body.getBytes());
        });
    }

    private void accept(HttpServerRequest req, byte[] body) {
        StorePathsChanged change;
        try {
            change = ChangeDocument.parse(body, EventHeader.create(FleetIds.random(), producer, clock), "webhook " + req.remoteAddress());
        } catch (IllegalArgumentException e) {
            answer(req, 400, Map.of("error", e.getMessage()));
            return;
        }
        Vertx.currentContext().executeBlocking(() -> {
            bus.publish(change);
            return change.buildId();
        }, false).onComplete(done -> {
            if (done.succeeded()) answer(req, 202, Map.of("fleetRebuild", done.result()));
            else answer(req, 503, Map.of("error", "cannot publish the change: " + done.cause().getMessage()));
        });
    }

    private static void answer(HttpServerRequest req, int status, Map<String, String> body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.canonicalString(body));
    }
}
