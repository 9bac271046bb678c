package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.TokenIssuer;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage build --out docker://… --creds} against the real docker-registry in token
 * mode: a pusher's build lands and skopeo reads it back; a pull-only user and a wrong password
 * fail with a one-line error naming registry, repository and user, a BuildFailed event, and no
 * tag. Then the CLI's stdout and stderr of every run and the whole audit log (every event) are
 * searched for every password, Basic value and issued token: none may be there.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryAuthCliTest {
    private static final String PUSHER = "Cli-Pusher-Secret-55";
    private static final String READER = "Cli-Reader-Secret-66";
    private static final String WRONG = "Cli-Wrong-Secret-77";
    private static final Path HELLO = Path.of("../examples/hello").toAbsolutePath().normalize();

    @TempDir Path tmp;
    private final StringBuilder printed = new StringBuilder();

    private record Run(int exit, String out, String err) {}

    private Run build(String out, String creds) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        List<String> args = new ArrayList<>(List.of("build", HELLO.resolve("image.json").toString(), "--json",
                "--store-root", HELLO.resolve("store").toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--workers", "2", "--out", out));
        if (creds != null) args.addAll(List.of("--creds", creds));
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), args.toArray(String[]::new));
        printed.append(o).append('\n').append(e).append('\n');
        return new Run(exit, o.toString(), e.toString());
    }

    private static Tools.Result skopeoInspect(String creds, String ref) {
        return Tools.attempt(Map.of(), Duration.ofSeconds(60), null,
                List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", creds, ref));
    }

    @Test
    void pushesWithTokenAuthRefusesClearlyAndLeaksNoSecret() throws Exception {
        List<String> tokens;
        try (TokenIssuer issuer = TokenIssuer.start(tmp.resolve("issuer")).user("pusher", PUSHER, "pull", "push").user("reader", READER, "pull");
                Registry registry = Registry.token(tmp.resolve("registry"), issuer)) {
            Run ok = build(registry.docker("team/hello:1.0"), "pusher:" + PUSHER);
            assertThat(ok.exit()).as(ok.err()).isZero();
            Digest index = Digest.parse(Json.reader().readTree(ok.out()).path("index").asText());
            String raw = Tools.succeeded(skopeoInspect("reader:" + READER, registry.docker("team/hello:1.0")), List.of("skopeo")).stdout();
            assertThat(Digest.ofBytes(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(index);

            Run refused = build(registry.docker("team/hello:reader-try"), "reader:" + READER);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains(registry.host()).contains("team/hello").contains("'reader'").contains("insufficient_scope");
            assertThat(skopeoInspect("pusher:" + PUSHER, registry.docker("team/hello:reader-try")).exitCode()).isNotZero();

            Run wrong = build(registry.docker("team/hello:wrong-try"), "pusher:" + WRONG);
            assertThat(wrong.exit()).isNotZero();
            assertThat(wrong.err()).contains(registry.host()).contains("'pusher'").contains("rejected the credentials");
            assertThat(skopeoInspect("pusher:" + PUSHER, registry.docker("team/hello:wrong-try")).exitCode()).isNotZero();
            tokens = issuer.issuedTokens();
        }

        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        List<JsonNode> failures = new ArrayList<>();
        for (String line : audit.split("\n")) {
            JsonNode event = Json.reader().readTree(line);
            if (line.contains("BuildFailed")) failures.add(event);
        }
        assertThat(failures).hasSize(2);
        assertThat(audit).contains("Published").contains("team/hello:1.0");

        String everything = printed + "\n" + audit;
        assertThat(tokens).isNotEmpty();
        List<String> secrets = new ArrayList<>(tokens);
        for (String token : tokens) secrets.add(token.substring(token.lastIndexOf('.') + 1));
        for (String[] pair : new String[][] {{"pusher", PUSHER}, {"reader", READER}, {"pusher", WRONG}}) {
            secrets.add(pair[1]);
            secrets.add(Base64.getEncoder().encodeToString((pair[0] + ":" + pair[1]).getBytes(StandardCharsets.UTF_8)));
        }
        for (String secret : secrets) assertThat(everything).as("CLI output and audit log must not contain a secret").doesNotContain(secret);
    }
}
