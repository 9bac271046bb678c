package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every credential source on a temp HOME; credential helpers are real executables on a temp PATH. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CredentialResolverTest {
    @TempDir Path home;
    @TempDir Path bin;

    private final Map<String, String> env = new HashMap<>();

    private Optional<Credentials> resolve(String host) throws Exception {
        return new CredentialResolver(Map.of(), env, home).forHost(host);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(Path file, String json) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    private Path dockerConfig(String json) throws Exception {
        return write(home.resolve(".docker/config.json"), json);
    }

    /** A docker-credential-NAME that logs the server URL it was asked for and answers per URL. */
    private Path helper(String name, String script) throws Exception {
        Path exe = bin.resolve("docker-credential-" + name);
        Files.writeString(exe, "#!/bin/sh\n[ \"$1\" = get ] || exit 3\nread -r url\necho \"$url\" >> \"" + bin.resolve(name + ".asked") + "\"\n" + script);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        return exe;
    }

    private String asked(String name) throws Exception {
        return Files.readString(bin.resolve(name + ".asked")).trim();
    }

    @Test
    void nothingConfiguredMeansAnonymous() throws Exception {
        assertThat(resolve("registry.example:5000")).isEmpty();
    }

    @Test
    void explicitCredentialsWinOverEverythingAndOnlyForTheirHost() throws Exception {
        env.put("STOWAGE_REGISTRY_USERNAME", "envuser");
        env.put("STOWAGE_REGISTRY_PASSWORD", "envpass");
        dockerConfig("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("fileuser:filepass") + "\"}}}");
        CredentialResolver r = new CredentialResolver(Map.of("r.example", new Credentials("cli", "clipass")), env, home);
        assertThat(r.forHost("r.example")).contains(new Credentials("cli", "clipass"));
        assertThat(r.forHost("other.example")).contains(new Credentials("envuser", "envpass"));
    }

    @Test
    void environmentComesBeforeFilesAndCanBeLimitedToOneHost() throws Exception {
        dockerConfig("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("fileuser:filepass") + "\"}}}");
        env.put("STOWAGE_REGISTRY_USERNAME", "envuser");
        env.put("STOWAGE_REGISTRY_PASSWORD", "envpass");
        assertThat(resolve("r.example")).contains(new Credentials("envuser", "envpass"));
        env.put("STOWAGE_REGISTRY_HOST", "only.example");
        assertThat(resolve("r.example")).contains(new Credentials("fileuser", "filepass"));
        assertThat(resolve("only.example")).contains(new Credentials("envuser", "envpass"));
    }

    @Test
    void halfSetEnvironmentIsBadInputNamingTheMissingVariable() {
        env.put("STOWAGE_REGISTRY_USERNAME", "envuser");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("STOWAGE_REGISTRY_PASSWORD");
    }

    @Test
    void registryAuthFileReplacesTheRuntimeAuthJsonAndComesBeforeDocker() throws Exception {
        Path runtime = home.resolve("run");
        write(runtime.resolve("containers/auth.json"), "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("runtime:rt-pass") + "\"}}}");
        dockerConfig("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("docker:d-pass") + "\"}}}");
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        assertThat(resolve("r.example")).contains(new Credentials("runtime", "rt-pass"));

        Path custom = write(home.resolve("custom/auth.json"), "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("custom:c:pass") + "\"}}}");
        env.put("REGISTRY_AUTH_FILE", custom.toString());
        assertThat(resolve("r.example")).contains(new Credentials("custom", "c:pass"));
        assertThat(resolve("elsewhere.example")).isEmpty();
    }

    @Test
    void podmanConfigHomeAuthJsonIsRead() throws Exception {
        write(home.resolve(".config/containers/auth.json"), "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("podman:p") + "\"}}}");
        assertThat(resolve("r.example")).contains(new Credentials("podman", "p"));
    }

    @Test
    void dockerConfigAuthsAcceptUsernamePasswordAndUrlKeys() throws Exception {
        dockerConfig("{\"auths\":{"
                + "\"https://r.example:5000/v1/\":{\"username\":\"u1\",\"password\":\"p1\"},"
                + "\"http://Plain.Example\":{\"auth\":\"" + b64("u2:p2") + "\"},"
                + "\"quay.io/team\":{\"auth\":\"" + b64("ns:nspass") + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:hubpass") + "\"}}}");
        assertThat(resolve("r.example:5000")).contains(new Credentials("u1", "p1"));
        assertThat(resolve("r.example")).isEmpty(); // another port is another host
        assertThat(resolve("plain.example")).contains(new Credentials("u2", "p2"));
        assertThat(resolve("quay.io")).isEmpty(); // namespaced keys are not used for the whole host
        for (String hub : new String[] {"docker.io", "index.docker.io", "registry-1.docker.io"}) {
            assertThat(resolve(hub)).as(hub).contains(new Credentials("hub", "hubpass"));
        }
    }

    @Test
    void dockerConfigMovesWithDockerConfigVariable() throws Exception {
        Path dir = home.resolve("elsewhere");
        write(dir.resolve("config.json"), "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("moved:m") + "\"}}}");
        env.put("DOCKER_CONFIG", dir.toString());
        assertThat(resolve("r.example")).contains(new Credentials("moved", "m"));
    }

    @Test
    void credHelperPerHostIsRunWithTheHostOnStdin() throws Exception {
        helper("test", "[ \"$url\" = r.example:5000 ] && echo '{\"ServerURL\":\"r.example:5000\",\"Username\":\"helped\",\"Secret\":\"s3cr3t\"}' && exit 0\n"
                + "echo 'credentials not found in native keychain'; exit 1\n");
        dockerConfig("{\"credHelpers\":{\"r.example:5000\":\"test\"},"
                + "\"auths\":{\"r.example:5000\":{\"auth\":\"" + b64("file:f") + "\"}}}");
        assertThat(resolve("r.example:5000")).contains(new Credentials("helped", "s3cr3t"));
        assertThat(asked("test")).isEqualTo("r.example:5000");
        assertThat(resolve("other.example")).isEmpty(); // no helper named for it, no auths entry
    }

    @Test
    void credsStoreIsAskedWhenNoHelperOrAuthsEntryAndNotFoundMeansNone() throws Exception {
        helper("test", "[ \"$url\" = https://index.docker.io/v1/ ] && echo '{\"Username\":\"hubuser\",\"Secret\":\"hubtoken\"}' && exit 0\n"
                + "echo 'credentials not found in native keychain'; exit 1\n");
        dockerConfig("{\"credsStore\":\"test\",\"auths\":{\"https://index.docker.io/v1/\":{},"
                + "\"direct.example\":{\"auth\":\"" + b64("direct:d") + "\"}}}");
        assertThat(resolve("registry-1.docker.io")).contains(new Credentials("hubuser", "hubtoken"));
        assertThat(asked("test")).isEqualTo("https://index.docker.io/v1/");
        assertThat(resolve("direct.example")).contains(new Credentials("direct", "d"));
        assertThat(resolve("unknown.example")).isEmpty();
    }

    @Test
    void identityTokensFromHelpersAreNotUsedAsPasswords() throws Exception {
        helper("test", "echo '{\"Username\":\"<token>\",\"Secret\":\"refresh-token\"}'\n");
        dockerConfig("{\"credsStore\":\"test\"}");
        assertThat(resolve("r.example")).isEmpty();
    }

    @Test
    void brokenHelpersAndFilesAreBadInputThatNeverQuoteSecrets() throws Exception {
        helper("test", "echo 'not json but the-secret'; exit 0\n");
        dockerConfig("{\"credsStore\":\"test\"}");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-credential-test").hasMessageContaining("r.example")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-secret"));

        helper("test", "echo 'keychain locked, the-secret'; exit 1\n");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-credential-test").hasMessageContaining("exited 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-secret"));

        dockerConfig("{\"credsStore\":\"missing\"}");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-credential-missing").hasMessageContaining("not found on PATH");

        Path file = dockerConfig("{\"auths\":{\"r.example\":{\"auth\":\"the-secret\"}");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-secret"));

        dockerConfig("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("no-colon-secret") + "\"}}}");
        assertThatThrownBy(() -> resolve("r.example")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("r.example")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("no-colon-secret"));
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new Credentials("me", "pa:ss")).asString().contains("me").doesNotContain("pa:ss");
        assertThatThrownBy(() -> Credentials.fromAuthField(b64("just-a-secret"))).hasMessageNotContaining("just-a-secret");
        assertThatThrownBy(() -> Credentials.fromAuthField("%%just-a-secret")).hasMessageNotContaining("just-a-secret");
    }
}
