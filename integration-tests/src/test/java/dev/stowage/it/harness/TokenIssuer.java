package dev.stowage.it.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small token service for docker-registry's {@code auth.token} mode, on a free loopback port:
 * {@code GET /token?service=S&scope=repository:NAME:ACTIONS...} with Basic credentials answers
 * an RS256 JWT (header {@code x5c} = the self-signed certificate the registry's rootcertbundle
 * trusts; claims iss, sub, aud, exp, nbf, iat, jti, access). Each user is granted the requested
 * actions it is allowed ({@link #user}); a wrong password gets 401; no credentials get a token
 * with no access. Keys come from {@code keytool} (the JDK's). Every request is recorded.
 */
public final class TokenIssuer implements AutoCloseable {
    public static final String SERVICE = "stowage-test-registry";
    public static final String ISSUER = "stowage-test-issuer";

    /** One token request: the authenticated user (null when anonymous or refused) and its scopes, sorted. */
    public record Request(String user, List<String> scopes, int status) {}

    private record User(String password, Set<String> actions) {}

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final Path rootCertBundle;
    private final int port;
    private volatile PrivateKey key;
    private volatile X509Certificate certificate;

    private TokenIssuer(Path dir) throws IOException, GeneralSecurityException {
        this.dir = Files.createDirectories(dir);
        this.rootCertBundle = dir.resolve("rootcertbundle.pem");
        newKey();
        try {
            port = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            vertx.close();
            throw new IOException("token issuer did not start", e);
        }
    }

    /** Starts an issuer with its key material in {@code dir}. */
    public static TokenIssuer start(Path dir) throws IOException {
        try {
            return new TokenIssuer(dir);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the issuer key", e);
        }
    }

    /**
     * Signs from now on with a new key and certificate, written over the rootcertbundle: a
     * registry restarted after this refuses every token issued before.
     */
    public void rotateKey() throws IOException {
        try {
            newKey();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the new issuer key", e);
        }
    }

    private void newKey() throws IOException, GeneralSecurityException {
        Path keystore = dir.resolve("issuer.p12");
        Files.deleteIfExists(keystore);
        Tools.run("keytool", "-genkeypair", "-alias", "issuer", "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=" + ISSUER, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("issuer");
        Files.writeString(rootCertBundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        key = (PrivateKey) ks.getKey("issuer", "changeit".toCharArray());
        certificate = cert;
    }

    /** Adds a user allowed {@code actions} ("pull", "push") on every repository. */
    public TokenIssuer user(String name, String password, String... actions) {
        users.put(name, new User(password, Set.of(actions)));
        return this;
    }

    public String realm() {
        return "http://127.0.0.1:" + port + "/token";
    }

    public Path rootCertBundle() {
        return rootCertBundle;
    }

    /** Every token request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every token issued so far (for tests that check no token leaks into outputs). */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    private void handle(HttpServerRequest r) {
        if (!r.path().equals("/token")) {
            r.response().setStatusCode(404).end();
            return;
        }
        List<String> scopes = new ArrayList<>(new TreeSet<>(r.params().getAll("scope")));
        String user = null;
        User known = null;
        String auth = r.getHeader("Authorization");
        if (auth != null) {
            String[] pair = basic(auth);
            known = pair == null ? null : users.get(pair[0]);
            if (known == null || !known.password().equals(pair[1])) {
                requests.add(new Request(null, scopes, 401));
                r.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .end("{\"details\":\"authentication failed\"}");
                return;
            }
            user = pair[0];
        }
        try {
            String token = sign(user, r.getParam("service"), access(scopes, known));
            issued.add(token);
            requests.add(new Request(user, scopes, 200));
            r.response().putHeader("Content-Type", "application/json").end(Json.object()
                    .put("token", token).put("access_token", token).put("expires_in", 300)
                    .put("issued_at", Instant.now().toString()).toString());
        } catch (GeneralSecurityException e) {
            r.response().setStatusCode(500).end();
        }
    }

    private static ArrayNode access(List<String> scopes, User user) {
        ArrayNode access = Json.array();
        for (String scope : scopes) {
            int first = scope.indexOf(':'), last = scope.lastIndexOf(':');
            if (first < 0 || last <= first || !scope.startsWith("repository:")) continue;
            ArrayNode granted = Json.array();
            for (String action : scope.substring(last + 1).split(",")) {
                if (user != null && user.actions().contains(action)) granted.add(action);
            }
            ObjectNode entry = access.addObject().put("type", "repository").put("name", scope.substring(first + 1, last));
            entry.set("actions", granted);
        }
        return access;
    }

    private String sign(String subject, String audience, ArrayNode access) throws GeneralSecurityException {
        ObjectNode header = Json.object().put("alg", "RS256").put("typ", "JWT");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.object().put("iss", ISSUER).put("sub", subject == null ? "" : subject)
                .put("aud", audience == null ? SERVICE : audience).put("exp", now + 300).put("nbf", now - 10)
                .put("iat", now).put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        String signingInput = b64url(header.toString()) + "." + b64url(claims.toString());
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
