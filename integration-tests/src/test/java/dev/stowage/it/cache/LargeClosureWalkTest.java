package dev.stowage.it.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.NarHash;
import dev.stowage.nix.NixBase32;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.cache.ClosureWalker;
import dev.stowage.nix.cache.HttpBinaryCache;
import dev.stowage.oci.Digest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A closure walk over HTTP of a 2,000-path cache: every narinfo fetched exactly once. The
 * narinfos are generated (the walk reads nothing else); real nix-bin caches are read in
 * BinaryCacheLayerTest.
 */
class LargeClosureWalkTest {
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
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        try (HttpBinaryCache cache = new HttpBinaryCache(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))) {
            ClosureGraph g = new ClosureWalker(cache, 8).walk(List.of(path(0)));
            assertThat(g.size()).isEqualTo(n);
            assertThat(requests).hasSize(n);
            assertThat(requests.values()).allSatisfy(count -> assertThat(count).isEqualTo(1));
        } finally {
            server.stop(0);
        }
    }
}
