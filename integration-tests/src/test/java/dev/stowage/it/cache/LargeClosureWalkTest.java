package dev.stowage.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.it.harness.TestVertx;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.NarHash;
import dev.stowage.nix.NixBase32;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.cache.BinaryCache;
import dev.stowage.nix.cache.ClosureWalker;
import dev.stowage.nix.cache.HttpBinaryCache;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A closure walk over HTTP of a 2,000-path cache: the walker asks for every narinfo exactly once
 * and the server serves each of them. The narinfos are generated (the walk reads nothing else);
 * real nix-bin caches are read in BinaryCacheLayerTest. (The HTTP client may send a GET again
 * after a stall or a 5xx, as HttpBinaryCacheTest shows; that is not the walker asking twice.)
 */
class LargeClosureWalkTest {
    @RegisterExtension final TestVertx vertx = new TestVertx();
    private static StorePath path(int i) {
        byte[] h = Digest.ofBytes(("path-" + i).getBytes(StandardCharsets.UTF_8)).raw();
        return new StorePath("/nix/store", NixBase32.encode(Arrays.copyOf(h, 20)), "pkg-" + i + "-1.0");
    }

    @Test
    void twoThousandPathsEachNarinfoFetchedOnce() throws Exception {
        int n = 2000;
        Random r = new Random(11);
        Map<String, byte[]> files = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> refs = new ArrayList<>();
            // path 0 is the root; every other path is referenced by a lower one, and shares many references
            for (int k = 0; k < 4 && i + 1 < n; k++) refs.add(path(i + 1 + r.nextInt(Math.min(50, n - i - 1))).baseName());
            if (i + 1 < n) refs.add(path(i + 1).baseName());
            Digest nar = Digest.ofBytes(("nar-" + i).getBytes(StandardCharsets.UTF_8));
            files.put(path(i).hash() + ".narinfo", ("StorePath: " + path(i) + "\nURL: nar/" + i + ".nar\nCompression: none\n"
                    + "NarHash: " + NarHash.toNixBase32(nar) + "\nNarSize: " + (100 + i) + "\nReferences: "
                    + String.join(" ", refs.stream().distinct().sorted().toList()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            requests.merge(name, 1, Integer::sum);
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        ExecutorService serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.start();
        Map<String, Integer> asked = new ConcurrentHashMap<>();
        // short timeouts: a stalled GET (there should be none) costs seconds here, not the default 30 s
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        try (HttpBinaryCache http = new HttpBinaryCache(vertx.get(), base, new BoundedRetry(5, Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofSeconds(3))) {
            BinaryCache counted = new BinaryCache() {
                @Override
                public Optional<byte[]> read(String relative) throws IOException {
                    asked.merge(relative, 1, Integer::sum);
                    return http.read(relative);
                }

                @Override
                public InputStream open(String relative) throws IOException {
                    return http.open(relative);
                }

                @Override
                public String describe() {
                    return http.describe();
                }
            };
            ClosureGraph g = new ClosureWalker(counted, 8).walk(List.of(path(0)));
            assertThat(g.size()).isEqualTo(n);
            assertThat(asked.keySet()).filteredOn(name -> name.endsWith(".narinfo")).hasSize(n);
            assertThat(asked).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
            assertThat(requests.keySet()).containsAll(files.keySet());
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }
}
