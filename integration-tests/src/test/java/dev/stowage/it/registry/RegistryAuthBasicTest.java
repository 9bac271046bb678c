package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.Tools;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.RegistryAuthException.Reason;
import dev.stowage.registry.RegistryAuthException;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
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
 * htpasswd Basic auth on the real docker-registry, with credentials found where docker and
 * podman users keep them: ~/.docker/config.json {@code auths}, a {@code credHelpers} executable,
 * a containers auth.json, the environment. skopeo reads each push back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryAuthBasicTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    private static final String PASSWORD = "basic-Secret-2718";

    @TempDir Path tmp;
    private Registry registry;
    private FileSystemBlobStore store;
    private TestImages.Image image;

    @BeforeEach
    void start() throws Exception {
        registry = Registry.basic(tmp.resolve("registry"), "pusher", PASSWORD);
        store = new FileSystemBlobStore(tmp.resolve("blobs"));
        image = new TestImages(store).threeLayers("v1", "basic", Compression.GZIP, TestImages.AMD64);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
    }

    private void pushAndCheck(CredentialResolver credentials, String repository) {
        try (RegistryPusher pusher = vertx.pusher(credentials)) {
            pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(registry.host() + "/" + repository + ":v1")));
        }
        String raw = Tools.succeeded(Tools.attempt(Map.of(), Duration.ofSeconds(60), null, List.of("skopeo", "inspect", "--raw",
                "--tls-verify=false", "--creds", "pusher:" + PASSWORD, registry.docker(repository + ":v1"))), List.of("skopeo")).stdout();
        assertThat(Digest.ofBytes(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(image.index().digest());
    }

    private Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String auth(String userPass) {
        return Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dockerConfigAuthsUnderAUrlKey() throws Exception {
        Path home = tmp.resolve("home");
        write(home.resolve(".docker/config.json"), "{\"auths\":{\"http://" + registry.host() + "/v1/\":{\"auth\":\"" + auth("pusher:" + PASSWORD) + "\"}}}");
        pushAndCheck(new CredentialResolver(Map.of(), Map.of(), home), "docker/config");
    }

    @Test
    void credentialHelperExecutableNamedInCredHelpers() throws Exception {
        Path home = tmp.resolve("home");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path helper = write(bin.resolve("docker-credential-test"), "#!/bin/sh\nread -r url\n"
                + "[ \"$1\" = get ] && [ \"$url\" = \"" + registry.host() + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"pusher\",\"Secret\":\"" + PASSWORD + "\"}\\n' \"$url\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        write(home.resolve(".docker/config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"test\"}}");
        pushAndCheck(new CredentialResolver(Map.of(), Map.of("PATH", bin + ":/usr/bin:/bin"), home), "helper/app");
    }

    @Test
    void containersAuthFileAndEnvironment() throws Exception {
        Path authFile = write(tmp.resolve("auth.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth("pusher:" + PASSWORD) + "\"}}}");
        pushAndCheck(new CredentialResolver(Map.of(), Map.of("REGISTRY_AUTH_FILE", authFile.toString()), tmp.resolve("home")), "podman/app");
        pushAndCheck(new CredentialResolver(Map.of(), Map.of("STOWAGE_REGISTRY_USERNAME", "pusher", "STOWAGE_REGISTRY_PASSWORD", PASSWORD,
                "STOWAGE_REGISTRY_HOST", registry.host()), tmp.resolve("home")), "env/app");
    }

    @Test
    void credentialsForAnotherHostAreNotUsedHere() throws Exception {
        Path home = tmp.resolve("home");
        write(home.resolve(".docker/config.json"), "{\"auths\":{\"127.0.0.1:1\":{\"auth\":\"" + auth("pusher:" + PASSWORD) + "\"}}}");
        try (RegistryPusher pusher = vertx.pusher(new CredentialResolver(Map.of(), Map.of(), home))) {
            assertThatThrownBy(() -> pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(registry.host() + "/app:v1"))))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIALS))
                    .hasMessageContaining(registry.host());
        }
    }
}
