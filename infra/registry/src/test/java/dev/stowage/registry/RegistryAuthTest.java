package dev.stowage.registry;

import dev.stowage.net.BoundedRetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import dev.stowage.registry.RegistryAuthException.Reason;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The auth layer of {@link RegistryCaller} against a canned-response server, for what the real
 * registry cannot produce: revoked and expiring tokens, Locations and redirects to another host.
 * (Token auth against the real docker-registry is in the integration tests.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryAuthTest {
    private static final Credentials ALICE = new Credentials("alice", "alice-password-123");
    private static final Digest BLOB = Digest.ofBytes("blob".getBytes(StandardCharsets.UTF_8));

    /** One request a fake server saw. */
    record Seen(String method, String uri, String authorization) {}

    private Vertx vertx;
    private final List<Seen> registrySaw = new CopyOnWriteArrayList<>();
    private final List<Seen> otherHostSaw = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile Consumer<HttpServerRequest> registry;
    private volatile Consumer<HttpServerRequest> tokenService;
    private volatile Consumer<HttpServerRequest> otherHost =
            r -> r.response().setStatusCode(r.method().name().equals("PUT") ? 201 : 200).end();
    private int registryPort;
    private int otherPort;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registryPort = listen(r -> {
            registrySaw.add(seen(r));
            if (r.path().equals("/token")) tokenService.accept(r);
            else registry.accept(r);
        });
        otherPort = listen(r -> {
            otherHostSaw.add(seen(r));
            otherHost.accept(r);
        });
        tokenService = r -> {
            if (!ALICE.basicHeader().equals(r.getHeader("Authorization"))) {
                r.response().setStatusCode(401).end("{\"details\":\"bad password\"}");
                return;
            }
            r.response().end("{\"token\":\"tok-" + tokensIssued.incrementAndGet() + "\",\"expires_in\":300}");
        };
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int listen(Consumer<HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(handler::accept);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private static Seen seen(HttpServerRequest r) {
        return new Seen(r.method().name(), r.uri(), r.getHeader("Authorization"));
    }

    private String host() {
        return "127.0.0.1:" + registryPort;
    }

    private String bearerChallenge() {
        return "Bearer realm=\"http://" + host() + "/token\",service=\"fake-registry\",scope=\"repository:team/app:pull,push\"";
    }

    /** A registry that accepts any token in {@code valid} and challenges everything else. */
    private void registryAccepting(Predicate<String> valid, Consumer<HttpServerRequest> answer) {
        registry = r -> {
            String auth = r.getHeader("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !valid.test(auth.substring(7))) {
                r.response().setStatusCode(401).putHeader("WWW-Authenticate", bearerChallenge()).end();
            } else {
                answer.accept(r);
            }
        };
    }

    private RegistryCaller caller(Optional<Credentials> credentials) {
        return new RegistryCaller(vertx, host(), true, credentials, new BoundedRetry(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10));
    }

    private List<Seen> tokenRequests() {
        return registrySaw.stream().filter(s -> s.uri().startsWith("/token")).toList();
    }

    @Test
    void oneTokenPerScopeSentOnlyToTheRegistryAndMountsAskPullOnTheSource() {
        registryAccepting(t -> t.startsWith("tok-"), r -> {
            if (r.path().endsWith("/blobs/uploads/") && r.getParam("mount") != null) r.response().setStatusCode(201).end();
            else if (r.path().endsWith("/blobs/uploads/")) {
                r.response().setStatusCode(202).putHeader("Location", "http://127.0.0.1:" + otherPort + "/upload/1").end();
            } else if (r.path().contains("/redirect/")) {
                r.response().setStatusCode(307).putHeader("Location", "http://127.0.0.1:" + otherPort + "/blob").end();
            } else r.response().setStatusCode(404).end();
        });
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            for (int i = 0; i < 3; i++) assertThat(caller.call(new BlobHead("team/app", BLOB))).isFalse();
            assertThat(tokensIssued).hasValue(1);
            assertThat(tokenRequests().get(0).uri()).contains("service=fake-registry")
                    .contains("scope=repository%3Ateam%2Fapp%3Apull%2Cpush");

            assertThat(caller.call(new BlobMount("other/app", BLOB, "team/app"))).isEmpty();
            assertThat(tokensIssued).hasValue(2);
            assertThat(tokenRequests().get(1).uri()).contains("scope=repository%3Aother%2Fapp%3Apull%2Cpush")
                    .contains("scope=repository%3Ateam%2Fapp%3Apull");

            String location = caller.call(new UploadStart("team/app"));
            caller.call(new UploadFinish("team/app", location, BLOB, Optional.of(RequestBody.of("application/octet-stream", new byte[] {1}))));
            assertThat(caller.call(new BlobHead("redirect/app", BLOB))).isTrue();
        }
        assertThat(otherHostSaw).extracting(Seen::method).containsExactly("PUT", "HEAD");
        assertThat(otherHostSaw).allSatisfy(s -> assertThat(s.authorization()).isNull());
        assertThat(registrySaw.stream().filter(s -> s.uri().startsWith("/v2/redirect/")).map(Seen::authorization))
                .contains("Bearer tok-3");
    }

    @Test
    void aRejectedTokenIsRefreshedExactlyOnceThenTheErrorIsTyped() {
        AtomicInteger accepted = new AtomicInteger(2); // tok-2 onwards is good until revoked
        registryAccepting(t -> Integer.parseInt(t.substring(4)) >= accepted.get(), r -> r.response().setStatusCode(404).end());
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            // 401 (no token) -> tok-1 -> 401 (revoked): the one refresh is used up, so this fails
            assertThatThrownBy(() -> caller.call(new BlobHead("team/app", BLOB)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TOKEN_REJECTED);
                        assertThat(e.repository()).contains("team/app");
                        assertThat(e.user()).contains("alice");
                    });
            assertThat(tokensIssued).hasValue(1);

            // the cached tok-1 is refused -> exactly one refresh (tok-2) -> success
            assertThat(caller.call(new BlobHead("team/app", BLOB))).isFalse();
            assertThat(tokensIssued).hasValue(2);
            assertThat(caller.call(new BlobHead("team/app", BLOB))).isFalse();
            assertThat(tokensIssued).hasValue(2);

            accepted.set(Integer.MAX_VALUE); // everything revoked: one refresh, then a typed error
            int before = registrySaw.size();
            assertThatThrownBy(() -> caller.call(new BlobHead("team/app", BLOB))).isInstanceOf(RegistryAuthException.class);
            assertThat(tokensIssued).hasValue(3);
            assertThat(registrySaw.size() - before).isEqualTo(3); // request, token, request
        }
    }

    @Test
    void insufficientScopeNamesRegistryRepositoryAndUser() {
        registry = r -> r.response().setStatusCode(401).putHeader("WWW-Authenticate",
                bearerChallenge() + ",error=\"insufficient_scope\"").end(
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}");
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            assertThatThrownBy(() -> caller.call(new UploadStart("team/app")))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE))
                    .hasMessageContaining(host()).hasMessageContaining("team/app").hasMessageContaining("alice")
                    .hasMessageContaining("insufficient_scope")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ALICE.password()).doesNotContain("tok-"));
        }
    }

    @Test
    void wrongPasswordAtTheTokenServiceNamesRegistryAndUserNotPassword() {
        registryAccepting(t -> true, r -> r.response().setStatusCode(404).end());
        try (RegistryCaller caller = caller(Optional.of(new Credentials("alice", "wrong-pass-987")))) {
            assertThatThrownBy(() -> caller.call(new BlobHead("team/app", BLOB)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining(host()).hasMessageContaining("alice")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pass-987"));
        }
    }

    @Test
    void basicChallengeSendsCredentialsAndWithoutAnyItIsNoCredentials() {
        registry = r -> {
            if (ALICE.basicHeader().equals(r.getHeader("Authorization"))) r.response().setStatusCode(404).end();
            else r.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"fake\"").end();
        };
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            assertThat(caller.call(new BlobHead("team/app", BLOB))).isFalse();
            assertThat(caller.call(new BlobHead("team/app", BLOB))).isFalse();
        }
        assertThat(registrySaw).extracting(Seen::authorization).containsExactly(null, ALICE.basicHeader(), ALICE.basicHeader());
        try (RegistryCaller caller = caller(Optional.empty())) {
            assertThatThrownBy(() -> caller.call(new BlobHead("team/app", BLOB)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
                    .hasMessageContaining("--creds");
        }
    }

    @Test
    void aChallengeFromAnotherHostIsNotAnswered() {
        registry = r -> {
            if (r.getHeader("Authorization") == null) {
                r.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"fake\"").end();
            } else {
                r.response().setStatusCode(202).putHeader("Location", "http://127.0.0.1:" + otherPort + "/upload/1").end();
            }
        };
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            String location = caller.call(new UploadStart("team/app"));
            otherHost = r -> r.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + otherPort + "/token\"").end();
            assertThatThrownBy(() -> caller.call(new UploadFinish("team/app", location, BLOB, Optional.empty())))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CHALLENGE))
                    .hasMessageContaining("not the registry");
        }
        assertThat(otherHostSaw).extracting(Seen::uri).noneMatch(u -> u.startsWith("/token"));
        assertThat(otherHostSaw).allSatisfy(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    void credentialsAreNotSentToAPlainHttpRealmOnAnotherHost() {
        registry = r -> r.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer realm=\"http://auth.example/token\",service=\"x\"").end();
        try (RegistryCaller caller = caller(Optional.of(ALICE))) {
            assertThatThrownBy(() -> caller.call(new BlobHead("team/app", BLOB)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CHALLENGE))
                    .hasMessageContaining("plain-HTTP token realm auth.example");
        }
    }

    @Test
    void stepsRefusedAtTheSameMomentShareOneTokenFetchAndARejectedTokenIsReplacedOnce() throws Exception {
        tokenService = r -> r.response().end("{\"token\":\"t-" + tokensIssued.incrementAndGet() + "\"}");
        RegistryAuth auth = new RegistryAuth(host(), true, Optional.empty(), new MutableClock());
        RegistryStep<Boolean> step = new BlobHead("team/app", BLOB);
        String url = "http://" + host() + step.path();
        RegistryResponse challenge = new RegistryResponse(401, Map.of("www-authenticate", List.of(bearerChallenge())), new byte[0]);
        try (HttpExchange http = new HttpExchange(vertx, Duration.ofSeconds(10))) {
            // four parallel uploads were all sent anonymously and all refused
            for (int i = 0; i < 4; i++) auth.challenged(challenge, step, url, Optional.empty(), http);
            assertThat(tokensIssued).hasValue(1);
            Optional<String> t1 = auth.header(step, url, http);
            assertThat(t1).contains("Bearer t-1");
            // the registry stops accepting t-1: the first refusal replaces it, the others reuse the new one
            for (int i = 0; i < 4; i++) auth.challenged(challenge, step, url, t1, http);
            assertThat(tokensIssued).hasValue(2);
            assertThat(auth.header(step, url, http)).contains("Bearer t-2");
        }
    }

    /** Steps sent in parallel after the first refusal (four blob HEADs of one push) do not each ask the token service again. */
    @Test
    void aScopeTheTokenServiceRefusedIsNotAskedForAgainByOtherSteps() throws Exception {
        tokenService = r -> {
            tokensIssued.incrementAndGet();
            r.response().setStatusCode(401).end();
        };
        RegistryAuth auth = new RegistryAuth(host(), true, Optional.of(new Credentials("alice", "wrong")), new MutableClock());
        RegistryStep<Boolean> step = new BlobHead("team/app", BLOB);
        String url = "http://" + host() + step.path();
        RegistryResponse challenge = new RegistryResponse(401, Map.of("www-authenticate", List.of(bearerChallenge())), new byte[0]);
        try (HttpExchange http = new HttpExchange(vertx, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> auth.challenged(challenge, step, url, Optional.empty(), http)).isInstanceOf(RegistryAuthException.class);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> auth.header(step, url, http))
                        .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CREDENTIALS));
            }
            assertThat(tokensIssued).hasValue(1);
        }
    }

    @Test
    void tokensExpireAfterExpiresInOrSixtySecondsAndAccessTokenIsAccepted() throws Exception {
        tokenService = r -> r.response().end("{\"access_token\":\"at-" + tokensIssued.incrementAndGet() + "\"}");
        MutableClock clock = new MutableClock();
        RegistryAuth auth = new RegistryAuth(host(), true, Optional.empty(), clock);
        RegistryStep<Boolean> step = new BlobHead("team/app", BLOB);
        String url = "http://" + host() + step.path();
        RegistryResponse challenge = new RegistryResponse(401, Map.of("www-authenticate", List.of(bearerChallenge())), new byte[0]);
        try (HttpExchange http = new HttpExchange(vertx, Duration.ofSeconds(10))) {
            auth.challenged(challenge, step, url, Optional.empty(), http);
            assertThat(auth.header(step, url, http)).contains("Bearer at-1");
            clock.advance(Duration.ofSeconds(50));
            assertThat(auth.header(step, url, http)).contains("Bearer at-1");
            clock.advance(Duration.ofSeconds(11));
            assertThat(auth.header(step, url, http)).contains("Bearer at-2");
            assertThat(auth.header(step, "http://127.0.0.1:" + otherPort + "/x", http)).isEmpty();
            assertThat(auth.header(step, "https://" + host() + step.path(), http)).isEmpty(); // another scheme
        }
        assertThat(tokenRequests()).allSatisfy(s -> assertThat(s.authorization()).isNull()); // anonymous token
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
