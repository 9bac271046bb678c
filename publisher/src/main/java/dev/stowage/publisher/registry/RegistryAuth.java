package dev.stowage.publisher.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization for one registry: anonymous until challenged, then Basic or Bearer. Bearer
 * tokens come from the challenge's realm (with Basic credentials when known) and are cached
 * per scope. Credentials and tokens never appear in messages.
 */
final class RegistryAuth {
    private final String registry;
    private final Optional<Credentials> credentials;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile WwwAuthenticate challenge;

    RegistryAuth(String registry, Optional<Credentials> credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    /** The Authorization header for a step, if the registry asked for one. */
    Optional<String> header(RegistryStep<?> step) {
        WwwAuthenticate c = challenge;
        if (c == null) return Optional.empty();
        if (c.scheme().equals("basic")) return credentials.map(Credentials::basicHeader);
        return Optional.ofNullable(tokens.get(scopeKey(step))).map(t -> "Bearer " + t);
    }

    /** Handles a 401: remembers the challenge and fetches a fresh token for a Bearer one. */
    void challenged(RegistryResponse response, RegistryStep<?> step, HttpExchange http) throws IOException {
        String header = response.header("WWW-Authenticate").orElseThrow(() -> denied(401, step.description()));
        WwwAuthenticate c = WwwAuthenticate.parse(header);
        challenge = c;
        if (c.scheme().equals("basic")) {
            if (credentials.isEmpty()) throw denied(401, step.description() + " (no credentials known)");
            return;
        }
        if (!c.scheme().equals("bearer")) throw denied(401, "unsupported auth scheme " + c.scheme());
        tokens.put(scopeKey(step), fetchToken(c, scopes(step), http));
    }

    private String fetchToken(WwwAuthenticate c, List<String> scopes, HttpExchange http) throws IOException {
        String realm = c.param("realm").orElseThrow(() -> denied(401, "bearer challenge without realm"));
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        c.param("service").ifPresent(s -> url.append("service=").append(enc(s)).append('&'));
        for (String scope : scopes) url.append("scope=").append(enc(scope)).append('&');
        url.setLength(url.length() - 1);
        Map<String, String> headers = credentials.map(cr -> Map.of("Authorization", cr.basicHeader())).orElse(Map.of());
        RegistryResponse r = http.send("GET", url.toString(), headers, Optional.empty());
        if (r.status() == 401 || r.status() == 403) throw denied(r.status(), "token request for " + String.join(" ", scopes));
        if (r.status() != 200) {
            throw new RegistryUnavailableException("registry " + registry + ": token service answered " + r.status(), null, null);
        }
        JsonNode json = Json.mapper().readTree(r.body());
        JsonNode token = json.hasNonNull("token") ? json.get("token") : json.get("access_token");
        if (token == null || !token.isTextual()) throw denied(401, "token service gave no token");
        return token.asText();
    }

    RegistryAuthException denied(int status, String what) {
        String user = credentials.map(c -> "user '" + c.username() + "'").orElse("anonymous access");
        return new RegistryAuthException("registry " + registry + " denied " + user + " (" + status + "): " + what, status);
    }

    private static List<String> scopes(RegistryStep<?> step) {
        List<String> scopes = new ArrayList<>();
        if (step.repository() != null) scopes.add("repository:" + step.repository() + ":pull,push");
        if (step.pullFrom() != null) scopes.add("repository:" + step.pullFrom() + ":pull");
        return scopes;
    }

    private static String scopeKey(RegistryStep<?> step) {
        return String.join(" ", scopes(step));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
