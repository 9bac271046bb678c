package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.TokenIssuer;
import dev.stowage.it.harness.Tools;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.Credentials;
import dev.stowage.registry.PushResult;
import dev.stowage.registry.RegistryAuthException.Reason;
import dev.stowage.registry.RegistryAuthException;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token auth against the real docker-registry ({@code auth.token}) with a test token issuer
 * (RS256 JWT, x5c): user {@code pusher} may pull and push, {@code reader} only pull.
 * skopeo checks what landed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryAuthTokenTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    static final String PUSHER_PASSWORD = "pusher-Secret-4711";
    static final String READER_PASSWORD = "reader-Secret-0815";

    @TempDir Path tmp;
    private TokenIssuer issuer;
    private Registry registry;
    private FileSystemBlobStore store;
    private TestImages.Image image;

    @BeforeEach
    void start() throws Exception {
        issuer = TokenIssuer.start(tmp.resolve("issuer")).user("pusher", PUSHER_PASSWORD, "pull", "push").user("reader", READER_PASSWORD, "pull");
        registry = Registry.token(tmp.resolve("registry"), issuer);
        store = new FileSystemBlobStore(tmp.resolve("blobs"));
        image = new TestImages(store).threeLayers("v1", "token", Compression.GZIP, TestImages.AMD64, TestImages.ARM64);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
        issuer.close();
    }

    private CredentialResolver as(String user, String password) {
        return new CredentialResolver(Map.of(registry.host(), new Credentials(user, password)), Map.of(), tmp.resolve("no-home"));
    }

    private Tools.Result skopeo(String creds, String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", args[0], "--tls-verify=false"));
        if (creds != null) cmd.addAll(List.of("--creds", creds));
        cmd.addAll(List.of(args).subList(1, args.length));
        return Tools.attempt(Map.of(), Duration.ofSeconds(60), null, cmd);
    }

    @Test
    void pushWithTokenAuthThenSkopeoReadsItBackAndTokensAreCachedPerScope() throws Exception {
        ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
        try (RegistryPusher pusher = vertx.pusher(as("pusher", PUSHER_PASSWORD))) {
            PushResult first = pusher.push(store, image.index(), List.of(app, app.withTag("latest")));
            assertThat(first.uploaded()).isEqualTo(5);
            // one token for every request of the push: 5 blobs, 3 manifests, 2 tags, ~25 requests
            assertThat(issuer.requests()).containsExactly(
                    new TokenIssuer.Request("pusher", List.of("repository:team/app:pull,push"), 200));

            PushResult second = pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(registry.host() + "/other/app:v1")));
            assertThat(second.mounted()).isEqualTo(5);
            assertThat(issuer.requests()).containsExactly(
                    new TokenIssuer.Request("pusher", List.of("repository:team/app:pull,push"), 200),
                    new TokenIssuer.Request("pusher", List.of("repository:other/app:pull,push"), 200),
                    new TokenIssuer.Request("pusher", List.of("repository:other/app:pull,push", "repository:team/app:pull"), 200));
        }

        assertThat(skopeo(null, "inspect", "--raw", registry.docker("team/app:v1")).exitCode())
                .as("the registry refuses anonymous reads, so auth really was in play").isNotZero();
        String raw = skopeo("reader:" + READER_PASSWORD, "inspect", "--raw", registry.docker("team/app:v1")).stdout();
        assertThat(Digest.ofBytes(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(image.index().digest());
        Path out = tmp.resolve("copy");
        Tools.succeeded(Tools.attempt(Map.of(), Duration.ofSeconds(120), null, List.of("skopeo", "copy", "--all",
                "--src-tls-verify=false", "--src-creds", "pusher:" + PUSHER_PASSWORD, registry.docker("other/app:v1"), "oci:" + out + ":v1")), List.of("skopeo", "copy"));
        assertThat(Skopeo.rawDigest("oci:" + out + ":v1")).isEqualTo(image.index().digest());
    }

    @Test
    void aCachedTokenTheRegistryNoLongerAcceptsIsRefreshedOnceAndThePushCompletes() throws Exception {
        ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
        try (RegistryPusher pusher = vertx.pusher(as("pusher", PUSHER_PASSWORD))) {
            pusher.push(store, image.index(), List.of(app));
            assertThat(issuer.requests()).hasSize(1);

            issuer.rotateKey(); // the cached token (300 s left) is now signed by a key the restarted registry does not trust
            registry.restart();
            PushResult again = pusher.push(store, image.index(), List.of(app.withTag("v2")));
            assertThat(again.uploaded()).isZero();
        }
        assertThat(issuer.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.scopes()).containsExactly("repository:team/app:pull,push");
            assertThat(r.status()).isEqualTo(200);
        });
        String raw = skopeo("pusher:" + PUSHER_PASSWORD, "inspect", "--raw", registry.docker("team/app:v2")).stdout();
        assertThat(Digest.ofBytes(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(image.index().digest());
    }

    @Test
    void pullOnlyTokenIsRefusedWithATypedErrorAndNothingIsTagged() {
        ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
        try (RegistryPusher pusher = vertx.pusher(as("reader", READER_PASSWORD))) {
            assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(app)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE);
                        assertThat(e.registry()).isEqualTo(registry.host());
                        assertThat(e.repository()).contains("team/app");
                        assertThat(e.user()).contains("reader");
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining(registry.host()).hasMessageContaining("team/app").hasMessageContaining("'reader'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(READER_PASSWORD))
                    .satisfies(e -> issuer.issuedTokens().forEach(t -> assertThat(e.getMessage()).doesNotContain(t)));
        }
        // reader did get a (pull-only) token, asked once and refreshed once on the refused upload
        assertThat(issuer.requests()).hasSize(2).allSatisfy(r -> assertThat(r.user()).isEqualTo("reader"));
        assertThat(skopeo("pusher:" + PUSHER_PASSWORD, "inspect", "--raw", registry.docker("team/app:v1")).exitCode()).isNotZero();
    }

    @Test
    void anonymousPushGetsAnEmptyTokenAndIsToldToProvideCredentials() {
        ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
        try (RegistryPusher pusher = vertx.pusher(CredentialResolver.anonymous())) {
            assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(app)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS);
                        assertThat(e.user()).isEmpty();
                    })
                    .hasMessageContaining(registry.host()).hasMessageContaining("team/app").hasMessageContaining("--creds");
        }
        assertThat(issuer.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isNull());
    }

    @Test
    void wrongPasswordNamesRegistryAndUserButNotThePassword() {
        ImageName app = ImageName.parsePushTarget(registry.host() + "/team/app:v1");
        try (RegistryPusher pusher = vertx.pusher(as("pusher", "Wrong-Password-31337"))) {
            assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(app)))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
                        assertThat(e.user()).contains("pusher");
                    })
                    .hasMessageContaining(registry.host()).hasMessageContaining("'pusher'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Wrong-Password-31337"));
        }
        assertThat(issuer.requests()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
    }
}
