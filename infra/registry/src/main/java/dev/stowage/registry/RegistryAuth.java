package dev.stowage.registry;

import dev.stowage.registry.RegistryAuthException.Reason;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization for one registry: anonymous until challenged, then Basic or Bearer. Bearer
 * tokens come from the challenge's realm ({@link TokenEndpoint}) and are cached per scope until
 * they expire; a 401 drops the scope's token and fetches one fresh token (the caller then
 * retries once). Scopes: {@code repository:R:pull,push} for the target repository, plus
 * {@code repository:S:pull} for a mount's source. The Authorization header goes only to URLs on
 * the registry's own host, scheme and port; credentials and tokens never appear in messages.
 */
final class RegistryAuth {
    private final String registry;
    private final boolean plainHttp;
    private final Optional<Credentials> credentials;
    private final AuthRefusals refusals;
    private final TokenEndpoint tokenEndpoint;
    private final Clock clock;
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();
    /** Scopes the registry or its token service refused for good (bad credentials, a scope not granted). */
    private final Map<String, RegistryAuthException> refusedScopes = new ConcurrentHashMap<>();
    /** Tokens fetched because the registry said a token lacked the scope: refused again, the scope is not granted. */
    private final Map<String, BearerToken> refreshedForScope = new ConcurrentHashMap<>();
    private volatile WwwAuthenticate challenge;

    RegistryAuth(String registry, boolean plainHttp, Optional<Credentials> credentials, Clock clock) {
        this.registry = registry;
        this.plainHttp = plainHttp;
        this.credentials = credentials;
        this.refusals = new AuthRefusals(registry, credentials.map(Credentials::username));
        this.tokenEndpoint = new TokenEndpoint(credentials, refusals, clock);
        this.clock = clock;
    }

    /**
     * The Authorization header for sending {@code step} to {@code url}, once the registry has
     * challenged: Basic credentials, or the scope's cached token (fetched when missing or expired).
     * Empty for URLs on any other host (e.g. an upload Location on a storage backend).
     */
    Optional<String> header(RegistryStep<?> step, String url, HttpExchange http) throws IOException {
        WwwAuthenticate c = challenge;
        if (c == null || !Hosts.sameAuthority(url, registry, plainHttp)) return Optional.empty();
        if (c.scheme().equals("basic")) return credentials.map(Credentials::basicHeader);
        if (!c.scheme().equals("bearer")) return Optional.empty();
        String key = scopeKey(step);
        BearerToken token = tokens.get(key);
        if (token == null || !token.usableAt(clock.instant())) token = fetchOnce(c, step, key, http);
        return Optional.of(token.header());
    }

    /**
     * Fetches a token for the scope unless another thread just did, or the token service already
     * refused the scope for good: concurrent steps share one fetch, and one refusal.
     */
    private synchronized BearerToken fetchOnce(WwwAuthenticate c, RegistryStep<?> step, String key, HttpExchange http) throws IOException {
        RegistryAuthException refused = refusedScopes.get(key);
        if (refused != null) throw refused;
        BearerToken token = tokens.get(key);
        if (token != null && token.usableAt(clock.instant())) return token;
        token = fetchOrRemember(c, step, key, http);
        tokens.put(key, token);
        return token;
    }

    /**
     * Handles a 401 to {@code step} sent to {@code url} with {@code sent} as its Authorization
     * (null: not known): remembers the challenge, drops the token that was used and fetches a fresh
     * one for a Bearer challenge — unless a concurrent step already replaced that token, so steps
     * refused at the same moment share one fetch. Throws when there is nothing to answer with, or
     * when the 401 came from another host (its realm is not the registry's word).
     */
    synchronized void challenged(RegistryResponse response, RegistryStep<?> step, String url, Optional<String> sent,
            HttpExchange http) throws IOException {
        if (!Hosts.sameAuthority(url, registry, plainHttp)) {
            throw refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, step.repository(),
                    step.description() + " was refused by " + URI.create(url).getRawAuthority() + ", which is not the registry");
        }
        WwwAuthenticate c = WwwAuthenticate.preferred(response.headers("WWW-Authenticate"))
                .orElseThrow(() -> refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, step.repository(),
                        step.description() + " answered 401 without a WWW-Authenticate challenge"));
        challenge = c;
        String key = scopeKey(step);
        RegistryAuthException refused = refusedScopes.get(key);
        if (refused != null) throw refused; // asking again would get the same answer
        BearerToken current = tokens.get(key);
        if (sent != null && c.scheme().equals("bearer") && current != null && current.usableAt(clock.instant())
                && !sent.equals(Optional.of(current.header()))) {
            return; // refreshed by a concurrent step after this one was sent
        }
        boolean scopeRefused = c.param("error").filter("insufficient_scope"::equals).isPresent();
        BearerToken refreshed = refreshedForScope.get(key);
        if (scopeRefused && sent != null && refreshed != null && sent.equals(Optional.of(refreshed.header()))) {
            throw denied(response, step, ""); // a fresh token lacks the scope as well
        }
        tokens.remove(key);
        switch (c.scheme()) {
            case "basic" -> {
                if (credentials.isEmpty()) throw refusals.refused(Reason.NO_CREDENTIALS, 401, step.repository(), step.description());
            }
            case "bearer" -> {
                BearerToken fresh = fetchOrRemember(c, step, key, http);
                tokens.put(key, fresh);
                if (scopeRefused && sent != null && sent.isPresent()) refreshedForScope.put(key, fresh);
            }
            default -> throw refusals.refused(Reason.UNSUPPORTED_CHALLENGE, 401, step.repository(),
                    "unsupported authentication scheme '" + c.scheme() + "'");
        }
    }

    private BearerToken fetchOrRemember(WwwAuthenticate c, RegistryStep<?> step, String key, HttpExchange http) throws IOException {
        try {
            return tokenEndpoint.fetch(c, step.repository(), scopes(step), http);
        } catch (RegistryAuthException e) {
            if (!e.retryable()) refusedScopes.put(key, e);
            throw e;
        }
    }

    /** The typed error for a 401/403 that remained after authenticating; {@code detail} adds OCI error codes. */
    RegistryAuthException denied(RegistryResponse response, RegistryStep<?> step, String detail) {
        int status = response.status();
        String what = step.description() + (detail.isBlank() ? "" : " [" + detail.trim() + "]");
        Optional<WwwAuthenticate> c = WwwAuthenticate.preferred(response.headers("WWW-Authenticate"));
        boolean insufficientScope = c.flatMap(ch -> ch.param("error")).filter("insufficient_scope"::equals).isPresent();
        Reason reason;
        if (credentials.isEmpty()) reason = Reason.NO_CREDENTIALS; // an anonymous token lacks the scope: credentials would help
        else if (insufficientScope || status == 403) reason = Reason.INSUFFICIENT_SCOPE;
        else if (challenge != null && challenge.scheme().equals("bearer")) reason = Reason.TOKEN_REJECTED;
        else reason = Reason.BAD_CREDENTIALS;
        RegistryAuthException e = refusals.refused(reason, status, step.repository(), what);
        if (reason == Reason.INSUFFICIENT_SCOPE) refusedScopes.put(scopeKey(step), e); // a fresh token was refused too
        return e;
    }

    static List<String> scopes(RegistryStep<?> step) {
        List<String> scopes = new ArrayList<>();
        if (step.repository() != null) scopes.add("repository:" + step.repository() + ":pull,push");
        if (step.pullFrom() != null) scopes.add("repository:" + step.pullFrom() + ":pull");
        return scopes;
    }

    private static String scopeKey(RegistryStep<?> step) {
        return String.join(" ", scopes(step));
    }
}
