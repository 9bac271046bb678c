package dev.stowage.registryserver;

import com.google.re2j.Pattern;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read what, asked before every endpoint: open (no auth, the default), or users from an
 * htpasswd file, tokens this registry issues ({@link TokenEndpoint}) and {@link AccessRules}. A
 * request without (good) credentials that the rules do not let in anonymously is
 * {@link ErrorCode#UNAUTHORIZED} with a Bearer challenge pointing at this registry's {@code /token};
 * a known user the rules keep out is {@link ErrorCode#DENIED}. Credentials are never part of an
 * error's text.
 */
public final class AccessGate {
    static final String SERVICE = "stowage";
    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d+)?|\\[[0-9A-Fa-f:.]+\\](:\\d+)?");
    private final Htpasswd users;
    private final AccessRules rules;
    private final Tokens tokens;

    private AccessGate(Htpasswd users, AccessRules rules, Tokens tokens) {
        this.users = users;
        this.rules = rules;
        this.tokens = tokens;
    }

    /** Anyone reads anything. */
    public static AccessGate open() {
        return new AccessGate(null, null, null);
    }

    /** {@code users} may be null: then only the rules' anonymous access exists (and tokens grant only that). */
    public static AccessGate of(Htpasswd users, AccessRules rules, Tokens tokens) {
        return new AccessGate(users, Objects.requireNonNull(rules, "rules"), Objects.requireNonNull(tokens, "tokens"));
    }

    boolean isOpen() {
        return rules == null;
    }

    AccessRules rules() {
        return rules;
    }

    Tokens tokens() {
        return tokens;
    }

    /** The user of good Basic credentials, empty for none; {@link ErrorCode#UNAUTHORIZED} for wrong ones. */
    Optional<String> basicUser(HttpServerRequest req, Credential c) {
        if (c instanceof Credential.None) return Optional.empty();
        if (c instanceof Credential.Basic b && users != null && users.verify(b.user(), b.password())) return Optional.of(b.user());
        throw unauthorized(req, null, "wrong user name or password");
    }

    /** Returns when {@code req} may be answered, else throws the distribution error that refuses it. */
    void check(HttpServerRequest req, Route route) {
        if (isOpen()) return;
        Credential c = Credential.of(req.getHeader("Authorization"));
        RepositoryName name = route.name();
        if (c instanceof Credential.Bearer bearer) {
            Tokens.Grant grant = tokens.verify(bearer.token()).orElseThrow(() -> unauthorized(req, name, "the token is not valid or has expired"));
            if (name == null || grant.pull().contains(name.value())) return;
            // a token without this scope: a client that may read the name gets a fresh challenge for it
            refuse(req, grant.user(), name);
            throw unauthorized(req, name, "the token does not grant pull on " + name);
        }
        Optional<String> user = basicUser(req, c);
        if (name == null) {
            // always a challenge without credentials: clients (containers/image, docker) take the challenge from this
            // ping only, so a 200 here would make them pull without ever sending theirs; anonymous callers get an
            // anonymous token that grants what the rules let anyone read
            if (user.isEmpty()) throw unauthorized(req, null, "authentication required");
            return;
        }
        refuse(req, user, name);
    }

    /** Throws unless the rules let {@code user} read {@code name}. */
    private void refuse(HttpServerRequest req, Optional<String> user, RepositoryName name) {
        if (rules.allows(user, name)) return;
        if (user.isEmpty()) throw unauthorized(req, name, "authentication required to pull " + name);
        throw new DistributionException(ErrorCode.DENIED, "user " + user.get() + " may not pull " + name);
    }

    private static DistributionException unauthorized(HttpServerRequest req, RepositoryName name, String why) {
        req.response().putHeader("WWW-Authenticate", challenge(req, name));
        return new DistributionException(ErrorCode.UNAUTHORIZED, why);
    }

    /** {@code Bearer realm="<this registry>/token",service="stowage"[,scope="repository:NAME:pull"]}. */
    static String challenge(HttpServerRequest req, RepositoryName name) {
        String host = req.getHeader("Host");
        // the realm is the address the client used, unless that is not a plain host[:port]
        if (host == null || !PLAIN_HOST.matches(host)) {
            host = req.localAddress().host() + ":" + req.localAddress().port();
        }
        String realm = req.scheme() + "://" + host + "/token";
        return "Bearer realm=\"" + realm + "\",service=\"" + SERVICE + "\"" + (name == null ? "" : ",scope=\"repository:" + name + ":pull\"");
    }
}
