package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.RegistryAuthException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution token protocol: {@code GET <realm>?service=S&scope=A&scope=B}, with Basic
 * credentials when known, answered by {@code {"token"|"access_token", "expires_in"}}.
 * Credentials go only to an HTTPS realm (or a loopback one); the token lives for
 * {@code expires_in} (60 s when absent) less a small margin.
 */
final class TokenEndpoint {
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private final Optional<Credentials> credentials;
    private final AuthRefusals refusals;
    private final Clock clock;

    TokenEndpoint(Optional<Credentials> credentials, AuthRefusals refusals, Clock clock) {
        this.credentials = credentials;
        this.refusals = refusals;
        this.clock = clock;
    }

    BearerToken fetch(WwwAuthenticate challenge, String repository, List<String> scopes, HttpExchange http) throws IOException {
        String realm = challenge.param("realm")
                .orElseThrow(() -> refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, repository, "Bearer challenge without a realm"));
        URI uri = realmUri(realm, repository);
        String what = "token request to " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        if (credentials.isPresent() && !"https".equals(uri.getScheme()) && !ImageName.isLoopbackHost(uri.getHost())) {
            throw refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, repository,
                    "will not send credentials to the plain-HTTP token realm " + uri.getRawAuthority());
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        challenge.param("service").ifPresent(s -> url.append("service=").append(enc(s)).append('&'));
        for (String scope : scopes) url.append("scope=").append(enc(scope)).append('&');
        url.setLength(url.length() - 1);
        Map<String, String> headers = credentials.map(c -> Map.of("Authorization", c.basicHeader())).orElse(Map.of());
        Instant asked = clock.instant();
        RegistryResponse r = http.send("GET", url.toString(), headers, Optional.empty());
        if (r.status() == 401 || r.status() == 403) {
            throw refusals.refused(credentials.isPresent() ? Reason.BAD_CREDENTIALS : Reason.NO_CREDENTIALS, r.status(), repository, what);
        }
        if (r.status() == 429 || r.status() >= 500) {
            throw new RegistryUnavailableException("registry " + refusals.registry() + ": " + what + " answered " + r.status(), null, null);
        }
        if (r.status() != 200) {
            throw new RegistryRejectedException("registry " + refusals.registry() + ": " + what + " answered " + r.status(), r.status(), List.of());
        }
        return parse(r.body(), asked, repository, what);
    }

    private BearerToken parse(byte[] body, Instant asked, String repository, String what) {
        JsonNode json;
        try {
            json = Json.reader().readTree(body);
        } catch (IOException notJson) {
            json = null; // never quote the body: it may hold a token
        }
        JsonNode token = json == null ? null : json.hasNonNull("token") ? json.get("token") : json.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 200, repository, what + " gave no token");
        }
        long seconds = json.path("expires_in").asLong(0);
        Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
        Duration margin = lifetime.compareTo(MARGIN.multipliedBy(4)) > 0 ? MARGIN : Duration.ZERO;
        return new BearerToken(token.asText(), asked.plus(lifetime).minus(margin));
    }

    private URI realmUri(String realm, String repository) {
        try {
            URI uri = URI.create(realm);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) return uri;
        } catch (IllegalArgumentException bad) {
            // reported below
        }
        throw refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, repository, "token realm is not an http(s) URL");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
