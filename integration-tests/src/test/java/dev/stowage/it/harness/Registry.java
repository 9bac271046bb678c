package dev.stowage.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}, installed by
 * scripts/ensure-packages.sh) on a free loopback port, storage in a temp folder, deletes on.
 * Anonymous, or htpasswd Basic auth for one user.
 */
public final class Registry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

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
        process = new ProcessBuilder(List.of("docker-registry", "serve", dir.resolve("config.yml").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
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

    private void awaitPort() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
