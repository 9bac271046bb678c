package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.Podman;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve registry --htpasswd … --access …} against real clients: users made by the
 * real {@code htpasswd -B}; anonymous pulls are refused, alice pulls through the token flow with
 * the digest the image was published with, bob (no rule) is denied, a wrong password is refused;
 * bad auth flags exit 2 naming the file or flag; no password or token reaches the logs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RegistryAuthTest {
    static final String IMAGE = PublishedGreeter.NAME + ":v1";
    @TempDir static Path tmp;
    static PublishedGreeter greeter;
    static Path users;
    static Path access;
    static RegistryProcess registry;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        greeter = new PublishedGreeter(tmp, new PackageCache(tmp.resolve("packages")));
        users = tmp.resolve("htpasswd");
        Tools.run("htpasswd", "-Bbc", users.toString(), "alice", "secret");
        Tools.run("htpasswd", "-Bb", users.toString(), "bob", "hunter2");
        access = Files.writeString(tmp.resolve("access.json"), "[{\"names\":\"stowage-it/**\",\"users\":[\"alice\"]},"
                + "{\"names\":\"public/**\",\"anonymous\":true}]");
        List<String> flags = new ArrayList<>(greeter.registryFlags());
        flags.addAll(List.of("--htpasswd", users.toString(), "--access", access.toString(), "--token-ttl", "120"));
        registry = new RegistryProcess(tmp.resolve("registry"), flags);
        registry.awaitPort(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) assertThat(registry.stop()).as(registry.describe()).isZero();
    }

    private static String docker(RegistryProcess r, String name) {
        return "docker://" + r.host() + "/" + name;
    }

    private static HttpResponse<byte[]> get(RegistryProcess r, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + r.host() + path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) b.headers(headers);
        try {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String code(HttpResponse<byte[]> r) throws IOException {
        return Json.reader().readTree(r.body()).at("/errors/0/code").asText();
    }

    private static String token(String authorization, String scope) throws IOException {
        HttpResponse<byte[]> r = get(registry, "/token?service=stowage&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8),
                "Authorization", authorization);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.reader().readTree(r.body()).get("token").asText();
    }

    @Test
    void anonymousPullsAreRefusedAndAlicePullsThroughTheTokenFlow() throws IOException {
        Tools.Result anonymous = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", docker(registry, IMAGE));
        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.stderr().toLowerCase()).containsAnyOf("unauthorized", "401");

        Digest published = greeter.digest();
        assertThat(Skopeo.rawDigest("--tls-verify=false", "--creds", "alice:secret", docker(registry, IMAGE))).isEqualTo(published);
        JsonNode inspected = Skopeo.inspect("inspect", "--tls-verify=false", "--creds", "alice:secret", docker(registry, IMAGE));
        assertThat(inspected.get("Name").asText()).endsWith(PublishedGreeter.NAME);
        Path copied = tmp.resolve("copied");
        Tools.run("skopeo", "copy", "--all", "--src-tls-verify=false", "--src-creds", "alice:secret", docker(registry, IMAGE), "oci:" + copied + ":v1");
        assertThat(Skopeo.rawDigest("oci:" + copied + ":v1")).isEqualTo(published);
    }

    @Test
    void theChallengePointsAtTheTokenEndpointWhoseTokensGrantOnlyWhatTheRulesAllow() throws IOException {
        HttpResponse<byte[]> refused = get(registry, "/v2/" + PublishedGreeter.NAME + "/manifests/v1");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(code(refused)).isEqualTo("UNAUTHORIZED");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://" + registry.host()
                + "/token\",service=\"stowage\",scope=\"repository:" + PublishedGreeter.NAME + ":pull\"");
        // /v2/ challenges every caller without credentials, even with a public rule: clients take the challenge from there
        HttpResponse<byte[]> ping = get(registry, "/v2/");
        assertThat(ping.statusCode()).isEqualTo(401);
        assertThat(ping.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://" + registry.host() + "/token\",service=\"stowage\"");

        String scope = "repository:" + PublishedGreeter.NAME + ":pull";
        HttpResponse<byte[]> issued = get(registry, "/token?service=stowage&scope=" + scope, "Authorization", basic("alice", "secret"));
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode answer = Json.reader().readTree(issued.body());
        assertThat(answer.get("access_token").asText()).isEqualTo(answer.get("token").asText());
        assertThat(answer.get("expires_in").asLong()).isEqualTo(120);
        assertThat(Duration.between(Instant.parse(answer.get("issued_at").asText()), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        String alice = answer.get("token").asText();
        HttpResponse<byte[]> manifest = get(registry, "/v2/" + PublishedGreeter.NAME + "/manifests/v1", "Authorization", "Bearer " + alice,
                "Accept", "application/vnd.oci.image.index.v1+json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(greeter.digest().toString());
        assertThat(get(registry, "/v2/", "Authorization", "Bearer " + alice).statusCode()).isEqualTo(200);

        // a tampered token, a token for another name: refused
        String tampered = alice.substring(0, alice.length() - 2) + (alice.endsWith("AA") ? "BB" : "AA");
        assertThat(get(registry, "/v2/" + PublishedGreeter.NAME + "/tags/list", "Authorization", "Bearer " + tampered).statusCode()).isEqualTo(401);
        String publicOnly = token(basic("alice", "secret"), "repository:public/x:pull");
        HttpResponse<byte[]> otherScope = get(registry, "/v2/" + PublishedGreeter.NAME + "/tags/list", "Authorization", "Bearer " + publicOnly);
        assertThat(otherScope.statusCode()).isEqualTo(401);
        assertThat(otherScope.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"" + scope + "\"");

        // bob's token grants nothing on the name: denied; an anonymous token neither
        HttpResponse<byte[]> bob = get(registry, "/v2/" + PublishedGreeter.NAME + "/tags/list", "Authorization", "Bearer " + token(basic("bob", "hunter2"), scope));
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(code(bob)).isEqualTo("DENIED");
        HttpResponse<byte[]> nobody = get(registry, "/token?service=stowage&scope=" + scope);
        assertThat(nobody.statusCode()).isEqualTo(200);
        String anonymous = Json.reader().readTree(nobody.body()).get("token").asText();
        assertThat(get(registry, "/v2/" + PublishedGreeter.NAME + "/tags/list", "Authorization", "Bearer " + anonymous).statusCode()).isEqualTo(401);
        // POST /token (OAuth2's form flow) is 404, on which docker falls back to GET
        try {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/token"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        // a wrong password gets no token
        HttpResponse<byte[]> wrong = get(registry, "/token?service=stowage&scope=" + scope, "Authorization", basic("alice", "Secret"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(code(wrong)).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void basicCredentialsWorkDirectlyOnTheApi() throws IOException {
        String path = "/v2/" + PublishedGreeter.NAME + "/tags/list";
        HttpResponse<byte[]> alice = get(registry, path, "Authorization", basic("alice", "secret"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(Skopeo.texts(Json.reader().readTree(alice.body()).get("tags"))).containsExactly("v1");
        assertThat(get(registry, path, "Authorization", basic("bob", "hunter2")).statusCode()).isEqualTo(403);
        assertThat(get(registry, path, "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get(registry, path, "Authorization", basic("mallory", "secret")).statusCode()).isEqualTo(401);
        assertThat(get(registry, path, "Authorization", "Negotiate abc").statusCode()).isEqualTo(401);
    }

    @Test
    void bobIsDeniedAndAWrongPasswordIsRefused() {
        Tools.Result bob = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "bob:hunter2", docker(registry, IMAGE));
        assertThat(bob.exitCode()).isNotZero();
        assertThat(bob.stderr().toLowerCase()).as(bob.stderr()).contains("denied");
        Tools.Result wrong = Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "alice:wrong", docker(registry, IMAGE));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr().toLowerCase()).as(wrong.stderr()).containsAnyOf("unauthorized", "401", "invalid username/password");
    }

    @Test
    void podmanLogsInAndPulls() throws IOException {
        try (Podman podman = new Podman(tmp.resolve("podman"))) {
            Path auth = tmp.resolve("podman-auth.json");
            podman.run("login", "--tls-verify=false", "--authfile", auth.toString(), "-u", "alice", "-p", "secret", registry.host());
            podman.run("pull", "--tls-verify=false", "--authfile", auth.toString(), registry.host() + "/" + IMAGE);
            assertThat(podman.run("run", "--rm", "--network=none", registry.host() + "/" + IMAGE).strip()).isEqualTo("Hello, world!");
        }
    }

    @Test
    void withoutAccessRulesEveryUserReadsEverythingAndAnonymousNothing() throws Exception {
        List<String> flags = new ArrayList<>(greeter.registryFlags());
        flags.addAll(List.of("--htpasswd", users.toString()));
        try (RegistryProcess second = new RegistryProcess(tmp.resolve("registry-users"), flags)) {
            second.awaitPort(Duration.ofSeconds(60));
            assertThat(Skopeo.rawDigest("--tls-verify=false", "--creds", "bob:hunter2", docker(second, IMAGE))).isEqualTo(greeter.digest());
            assertThat(Tools.attempt("skopeo", "inspect", "--raw", "--tls-verify=false", docker(second, IMAGE)).exitCode()).isNotZero();
            assertThat(second.stop()).isZero();
            assertThat(second.describe()).doesNotContain("hunter2");
        }
    }

    @Test
    void anAnonymousRuleLetsClientsWithoutCredentialsPullThroughAnAnonymousToken() throws Exception {
        Path open = Files.writeString(tmp.resolve("anonymous.json"), "[{\"names\":\"stowage-it/*\",\"anonymous\":true}]");
        List<String> flags = new ArrayList<>(greeter.registryFlags());
        flags.addAll(List.of("--access", open.toString()));
        try (RegistryProcess third = new RegistryProcess(tmp.resolve("registry-anonymous"), flags)) {
            third.awaitPort(Duration.ofSeconds(60));
            assertThat(get(third, "/v2/").statusCode()).isEqualTo(401);
            assertThat(Skopeo.rawDigest("--tls-verify=false", docker(third, IMAGE))).isEqualTo(greeter.digest());
            // no users: Basic credentials are wrong ones
            assertThat(get(third, "/v2/", "Authorization", basic("alice", "secret")).statusCode()).isEqualTo(401);
            assertThat(third.stop()).isZero();
        }
    }

    @Test
    void replicasWithTheSameTokenKeyAcceptEachOthersTokens() throws Exception {
        Path key = Files.write(tmp.resolve("token.key"), new SecureRandom().generateSeed(32));
        List<String> flags = new ArrayList<>(greeter.registryFlags());
        flags.addAll(List.of("--htpasswd", users.toString(), "--access", access.toString(), "--token-key", key.toString()));
        try (RegistryProcess a = new RegistryProcess(tmp.resolve("replica-a"), flags);
                RegistryProcess b = new RegistryProcess(tmp.resolve("replica-b"), flags)) {
            a.awaitPort(Duration.ofSeconds(60));
            b.awaitPort(Duration.ofSeconds(60));
            HttpResponse<byte[]> issued = get(a, "/token?service=stowage&scope=repository:" + PublishedGreeter.NAME + ":pull",
                    "Authorization", basic("alice", "secret"));
            String token = Json.reader().readTree(issued.body()).get("token").asText();
            String path = "/v2/" + PublishedGreeter.NAME + "/tags/list";
            assertThat(get(b, path, "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
            // the first registry signs with a key of its own
            assertThat(get(registry, path, "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
            assertThat(a.describe() + b.describe()).contains("(key " + key + ")").doesNotContain(token);
            assertThat(a.stop()).isZero();
            assertThat(b.stop()).isZero();
        }
    }

    @Test
    void badAuthFlagsExit2WithOneLineNamingTheFileOrFlag() throws IOException {
        Path md5 = Files.writeString(tmp.resolve("md5.htpasswd"), "carol:$apr1$Kv91fqrM$mX7k5Dn8/Q2B.bBSkGK230\n");
        Path badJson = Files.writeString(tmp.resolve("bad.json"), "[{\"names\":\"a/**\",\"users\":[\"alice\"],\"groups\":[]}]");
        Path named = Files.writeString(tmp.resolve("named.json"), "[{\"names\":\"a/**\",\"users\":[\"alice\"]}]");
        Path shortKey = Files.writeString(tmp.resolve("short.key"), "too short");
        String[][] cases = {
            {"--htpasswd", tmp.resolve("absent").toString(), "absent"},
            {"--htpasswd", md5.toString(), md5 + ":1"},
            {"--htpasswd", users.toString(), "--access", badJson.toString(), "groups"},
            {"--access", named.toString(), "--access"},
            {"--htpasswd", users.toString(), "--token-ttl", "0", "--token-ttl"},
            {"--htpasswd", users.toString(), "--token-ttl", "86401", "--token-ttl"},
            {"--htpasswd", users.toString(), "--token-key", shortKey.toString(), "short.key"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("serve", "registry", "--port", "0"));
            args.addAll(greeter.registryFlags());
            args.addAll(List.of(c).subList(0, c.length - 1));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
            assertThat(exit).as(String.join(" ", args) + "\n" + err).isEqualTo(2);
            assertThat(err.toString().lines().toList()).as(err.toString()).hasSize(1);
            assertThat(err.toString()).contains(c[c.length - 1]).doesNotContain("$apr1$Kv91").doesNotContain("too short");
        }
    }

    @Test
    void noPasswordOrTokenReachesTheLogsOrTheAuditTrail() throws IOException {
        String token = token(basic("alice", "secret"), "repository:" + PublishedGreeter.NAME + ":pull");
        get(registry, "/v2/" + PublishedGreeter.NAME + "/manifests/nosuchtag", "Authorization", "Bearer " + token);
        get(registry, "/v2/" + PublishedGreeter.NAME + "/manifests/v1", "Authorization", basic("alice", "wrong-password"));
        String logs = registry.describe() + Files.readString(greeter.audit);
        assertThat(logs).doesNotContain("secret").doesNotContain("hunter2").doesNotContain("wrong-password").doesNotContain(token)
                .doesNotContain(token.substring(4, 20)).doesNotContain(basic("alice", "secret").substring(6));
        assertThat(registry.describe()).contains("auth htpasswd " + users);
    }
}
