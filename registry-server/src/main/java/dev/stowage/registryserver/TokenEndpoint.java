package dev.stowage.registryserver;

import dev.stowage.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /token?service=stowage&scope=repository:NAME:pull…}: the distribution token flow.
 * With good Basic credentials (or none) it answers
 * {@code {"token":…,"access_token":…,"expires_in":…,"issued_at":…}}: a token granting pull on
 * each asked-for name the {@link AccessRules} let the caller read, and nothing for the others
 * (as the distribution token server does); wrong credentials are {@link ErrorCode#UNAUTHORIZED}.
 * Other methods, and every request without auth, are 404.
 */
final class TokenEndpoint {
    static final String PATH = "/token";
    private final AccessGate gate;

    TokenEndpoint(AccessGate gate) {
        this.gate = gate;
    }

    void answer(HttpServerRequest req) {
        // POST is OAuth2's form flow: a 404 is what makes docker fall back to GET
        if (gate.isOpen() || req.method() != HttpMethod.GET) {
            req.response().setStatusCode(404).putHeader("Content-Length", "0").end();
            return;
        }
        Optional<String> user = gate.basicUser(req, Credential.of(req.getHeader("Authorization")));
        Set<String> granted = new TreeSet<>();
        for (String param : req.params().getAll("scope")) {
            for (String scope : param.trim().split(" +")) grantable(scope, user).ifPresent(granted::add);
        }
        Tokens.Issued issued = gate.tokens().issue(user, granted);
        req.response().putHeader("Cache-Control", "no-store");
        Bodies.end(req, "application/json", Json.canonicalBytes(Map.of("token", issued.token(), "access_token", issued.token(),
                "expires_in", issued.grant().exp() - issued.grant().iat(), "issued_at", Instant.ofEpochSecond(issued.grant().iat()).toString())));
    }

    /** The repository name {@code repository:NAME:ACTIONS} asks pull on, when the rules let {@code user} read it. */
    private Optional<String> grantable(String scope, Optional<String> user) {
        String[] parts = scope.split(":");
        if (parts.length != 3 || !parts[0].equals("repository")) return Optional.empty();
        if (!Set.of(parts[2].split(",")).contains("pull") && !parts[2].equals("*")) return Optional.empty();
        RepositoryName name;
        try {
            name = new RepositoryName(parts[1]);
        } catch (DistributionException invalid) {
            return Optional.empty();
        }
        return gate.rules().allows(user, name) ? Optional.of(name.value()) : Optional.empty();
    }
}
