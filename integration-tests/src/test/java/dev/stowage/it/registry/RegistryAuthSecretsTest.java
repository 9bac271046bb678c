package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.TestImages;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.it.harness.TokenIssuer;
import dev.stowage.oci.ImageName;
import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.Credentials;
import dev.stowage.registry.RegistryPusher;
import dev.stowage.spec.Compression;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every success and refusal of the auth paths against the real docker-registry (token and
 * htpasswd), with everything we print or throw collected: stdout and stderr of this JVM while
 * pushing, whole stack traces (all causes) of every exception, every result's toString. None
 * may contain a password, a Basic header value or any token the issuer handed out.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryAuthSecretsTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    private static final Map<String, String> PASSWORDS = Map.of("pusher", "Leak-Check-Pusher-1", "reader", "Leak-Check-Reader-2");
    private static final String WRONG = "Leak-Check-Wrong-3";

    @TempDir Path tmp;
    private final StringBuilder outputs = new StringBuilder();

    private void attempt(FileSystemBlobStore store, TestImages.Image image, String host, String repo, Credentials credentials) {
        CredentialResolver resolver = new CredentialResolver(credentials == null ? Map.of() : Map.of(host, credentials), Map.of(), tmp.resolve("no-home"));
        try (RegistryPusher pusher = vertx.pusher(resolver)) {
            outputs.append(pusher.push(store, image.index(), List.of(ImageName.parsePushTarget(host + "/" + repo + ":v1")))).append('\n');
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            outputs.append(trace).append('\n');
        }
    }

    @Test
    void noPasswordOrTokenInAnythingWePrintOrThrow() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"));
        TestImages.Image image = new TestImages(store).threeLayers("v1", "secrets", Compression.GZIP, TestImages.AMD64);
        List<String> tokens;
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (TokenIssuer issuer = TokenIssuer.start(tmp.resolve("issuer"))
                        .user("pusher", PASSWORDS.get("pusher"), "pull", "push").user("reader", PASSWORDS.get("reader"), "pull");
                Registry token = Registry.token(tmp.resolve("token-registry"), issuer);
                Registry basic = Registry.basic(tmp.resolve("basic-registry"), "pusher", PASSWORDS.get("pusher"))) {
            attempt(store, image, token.host(), "team/app", new Credentials("pusher", PASSWORDS.get("pusher")));
            attempt(store, image, token.host(), "team/app", new Credentials("reader", PASSWORDS.get("reader")));
            attempt(store, image, token.host(), "team/app", new Credentials("pusher", WRONG));
            attempt(store, image, token.host(), "team/app", null);
            attempt(store, image, basic.host(), "app", new Credentials("pusher", PASSWORDS.get("pusher")));
            attempt(store, image, basic.host(), "app", new Credentials("pusher", WRONG));
            attempt(store, image, basic.host(), "app", null);
            tokens = issuer.issuedTokens();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        outputs.append(printed.toString(StandardCharsets.UTF_8));
        String all = outputs.toString();

        // the scenarios really ran: one success per registry, and the refusals name their users
        assertThat(all).contains("PushResult[").contains("RegistryAuthException").contains("'reader'").contains("'pusher'");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
        List<String> secrets = new ArrayList<>(tokens);
        for (String password : List.of(PASSWORDS.get("pusher"), PASSWORDS.get("reader"), WRONG)) {
            secrets.add(password);
            for (String user : PASSWORDS.keySet()) {
                secrets.add(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (String token : tokens) secrets.add(token.substring(token.lastIndexOf('.') + 1)); // the signature alone
        for (String secret : secrets) assertThat(all).as("outputs must not contain a secret").doesNotContain(secret);
    }
}
