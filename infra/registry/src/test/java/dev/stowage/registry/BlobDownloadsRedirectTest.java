package dev.stowage.registry;

import dev.stowage.net.BoundedRetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path the CNCF registry on a filesystem cannot produce: a blob GET answered with a redirect
 * to a storage host (as S3-backed registries and Docker Hub do). Two canned JDK servers: the
 * "registry" asks for Basic auth, then redirects; the "storage" serves the bytes and records
 * whether an Authorization header reached it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlobDownloadsRedirectTest {
    static final byte[] BLOB = "layer bytes from storage".getBytes(StandardCharsets.UTF_8);
    @TempDir Path tmp;

    @Test
    void credentialsStayWithTheRegistryWhenABlobIsRedirectedElsewhere() throws Exception {
        List<String> storageAuth = new CopyOnWriteArrayList<>();
        HttpServer storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/bucket/blob", x -> {
            storageAuth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            x.sendResponseHeaders(200, BLOB.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(BLOB);
            }
        });
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String location = "http://127.0.0.1:" + storage.getAddress().getPort() + "/bucket/blob?signature=abc";
        registry.createContext("/v2/", x -> {
            if (x.getRequestHeaders().getFirst("Authorization") == null) {
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                x.sendResponseHeaders(401, -1);
            } else {
                x.getResponseHeaders().add("Location", location);
                x.sendResponseHeaders(307, -1);
            }
            x.close();
        });
        storage.start();
        registry.start();
        Vertx vertx = Vertx.vertx();
        try (FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("store"));
                RegistryCaller caller = new RegistryCaller(vertx, "127.0.0.1:" + registry.getAddress().getPort(), true,
                        Optional.of(new Credentials("user", "secret")), new BoundedRetry(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(10))) {
            Descriptor blob = Descriptor.of(MediaTypes.OCI_LAYER_TAR, Digest.ofBytes(BLOB), BLOB.length);
            assertThat(caller.download(new BlobGet("team/app", blob, store)).digest()).isEqualTo(blob.digest());
            assertThat(store.readAll(blob.digest())).isEqualTo(BLOB);
            assertThat(storageAuth).containsExactly("null");
        } finally {
            registry.stop(0);
            storage.stop(0);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
