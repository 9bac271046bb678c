package dev.stowage.it.harness;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}, installed by
 * scripts/ensure-packages.sh) on a free loopback port, storage in a temp folder, deletes on.
 * Anonymous, htpasswd Basic auth for one user, or token auth against a {@link TokenIssuer}.
 */
public final class Registry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private Registry(Path dir, String authSection) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                authSection) + "\n");
        process = start();
        awaitPort();
    }

    private Process start() throws IOException {
        return new ProcessBuilder(List.of("docker-registry", "serve", dir.resolve("config.yml").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile())).start();
    }

    /**
     * Stops the registry and starts it again on the same port with the same config and data:
     * it re-reads its files (e.g. a token issuer's new rootcertbundle).
     */
    public void restart() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor();
        process = start();
        awaitPort();
    }

    public static Registry anonymous(Path dir) throws IOException {
        return new Registry(dir, "");
    }

    /** Basic auth through an htpasswd file (bcrypt, made by {@code htpasswd -Bbn}). */
    public static Registry basic(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("htpasswd"), Tools.run("htpasswd", "-Bbn", user, password).trim() + "\n");
        return new Registry(dir, String.join("\n",
                "auth:",
                "  htpasswd:",
                "    realm: stowage-test",
                "    path: " + dir.resolve("htpasswd")));
    }

    /**
     * Token auth: the registry sends clients to {@code issuer}'s realm and trusts tokens signed
     * with the issuer's certificate (its rootcertbundle).
     */
    public static Registry token(Path dir, TokenIssuer issuer) throws IOException {
        return new Registry(dir, String.join("\n",
                "auth:",
                "  token:",
                "    realm: " + issuer.realm(),
                "    service: " + TokenIssuer.SERVICE,
                "    issuer: " + TokenIssuer.ISSUER,
                "    rootcertbundle: " + issuer.rootCertBundle()));
    }

    /** The registry's own log (for diagnosing a refused token). */
    public String log() throws IOException {
        return Files.readString(dir.resolve("registry.log"));
    }

    /** {@code 127.0.0.1:PORT}, the host part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code docker://127.0.0.1:PORT/repo:tag} for skopeo. */
    public String docker(String repositoryAndTag) {
        return "docker://" + host() + "/" + repositoryAndTag;
    }

    private void awaitPort() {
        Await.until(Duration.ofSeconds(20), "docker-registry to listen on " + port, () -> !process.isAlive() || LoopbackPort.accepts(port), () -> "");
        if (!process.isAlive()) throw new AssertionError("docker-registry did not start: " + log(dir));
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
