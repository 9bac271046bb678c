package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.error.BadInputException;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --package-index FILE|URL}: a real loopback HTTP server (the JDK's), files and file: URLs. */
class PackageIndexFetchTest {
    static final String INDEX = "{\"x86_64-linux\":{\"hello\":\"/nix/store/" + "a".repeat(32) + "-hello-2.12\"}}";
    @TempDir Path tmp;
    HttpServer server;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = switch (path) {
                case "/index.json" -> INDEX.getBytes(StandardCharsets.UTF_8);
                case "/big.json" -> new byte[2048];
                case "/not-json" -> "{\"x86_64-linux\": {\"hello\": ".getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            if (path.equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "/index.json");
                exchange.sendResponseHeaders(302, -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static final PackageIndexFetch FETCH = new PackageIndexFetch(Duration.ofSeconds(10), 1024);

    @Test
    void anHttpIndexIsReadOnceAndPinnedByTheDigestOfItsBytes() throws IOException {
        PackageIndex fromUrl = PackageIndex.fetch(url("/index.json"), FETCH);
        Path file = Files.writeString(tmp.resolve("index.json"), INDEX);
        assertThat(fromUrl.revision()).isEqualTo(Digest.ofBytes(INDEX.getBytes(StandardCharsets.UTF_8)));
        assertThat(PackageIndex.fetch(file.toString(), FETCH)).isEqualTo(fromUrl);
        assertThat(PackageIndex.fetch(file.toUri().toString(), FETCH)).isEqualTo(fromUrl);
        assertThat(requests.get("/index.json")).hasValue(1);
        assertThat(PackageIndex.fetch(url("/moved"), FETCH)).as("redirects are followed").isEqualTo(fromUrl);
        assertThat(fromUrl.find("x86_64-linux", "hello")).isPresent();
    }

    @Test
    void tooLargeMissingAndMalformedIndexesAreBadInputNamingTheUrlWithoutItsQuery() {
        assertThatThrownBy(() -> PackageIndex.fetch(url("/big.json"), FETCH)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("larger than 1024 bytes");
        assertThatThrownBy(() -> PackageIndex.fetch(url("/gone?token=s3cret"), FETCH)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining(url("/gone")).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PackageIndex.fetch(url("/not-json"), FETCH)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a package index");
        assertThatThrownBy(() -> PackageIndex.fetch(tmp.resolve("absent.json").toString(), FETCH)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("cannot read the package index");
        assertThat(PackageIndexFetch.describe("https://user:pw@cache.example:8443/idx.json?sig=x")).isEqualTo("https://cache.example:8443/idx.json");
    }
}
