package dev.stowage.nix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.net.BoundedRetry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP cache client against a real HTTP server that misbehaves on purpose: a stalled answer,
 * 503s and 500s, a 404. GETs are retried as Nix retries them; "no" answers are not.
 */
class HttpBinaryCacheTest {
    /** How the server answers the n-th request (from 1) for a name. */
    private interface Behaviour {
        void answer(HttpExchange exchange, int n) throws IOException, InterruptedException;
    }

    private final Map<String, Integer> requests = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            int n = requests.merge(name, 1, Integer::sum);
            try {
                behaviours.getOrDefault(name, (ex, k) -> send(ex, 404, new byte[0])).answer(exchange, n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }

    private HttpBinaryCache cache(int attempts) {
        return new HttpBinaryCache(vertx, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                new BoundedRetry(attempts, Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofMillis(500));
    }

    private static final byte[] NARINFO = "StorePath: /nix/store/x\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStalledAnswerIsAbandonedAndTheGetTriedAgain() throws IOException {
        behaviours.put("a.narinfo", (ex, n) -> {
            if (n == 1) release.await(30, TimeUnit.SECONDS); // never answers while the client waits
            send(ex, 200, NARINFO);
        });
        try (HttpBinaryCache cache = cache(3)) {
            assertThat(cache.read("a.narinfo")).contains(NARINFO);
        }
        assertThat(requests).containsEntry("a.narinfo", 2);
    }

    @Test
    void unavailableIsRetriedForSmallFilesAndNars() throws IOException {
        byte[] nar = new byte[3 << 20];
        for (int i = 0; i < nar.length; i++) nar[i] = (byte) (i * 31);
        behaviours.put("b.narinfo", (ex, n) -> send(ex, n < 3 ? 503 : 200, n < 3 ? "busy".getBytes() : NARINFO));
        behaviours.put("nar/b.nar", (ex, n) -> send(ex, n < 2 ? 502 : 200, n < 2 ? new byte[0] : nar));
        try (HttpBinaryCache cache = cache(3); InputStream in = cache.open("nar/b.nar")) {
            assertThat(cache.read("b.narinfo")).contains(NARINFO);
            assertThat(in.readAllBytes()).isEqualTo(nar);
        }
        assertThat(requests).containsEntry("b.narinfo", 3).containsEntry("nar/b.nar", 2);
    }

    @Test
    void aServerThatKeepsFailingIsReportedWithItsStatusAndTheAttempts() {
        behaviours.put("c.narinfo", (ex, n) -> send(ex, 500, new byte[0]));
        try (HttpBinaryCache cache = cache(3)) {
            assertThatThrownBy(() -> cache.read("c.narinfo")).isInstanceOf(IOException.class)
                    .hasMessageEndingWith("/c.narinfo: HTTP 500 (after 3 attempts)");
        }
        assertThat(requests).containsEntry("c.narinfo", 3);
    }

    @Test
    void aStallOnEveryTrySaysItTimedOutAndNeverNull() {
        behaviours.put("d.narinfo", (ex, n) -> release.await(30, TimeUnit.SECONDS));
        try (HttpBinaryCache cache = cache(2)) {
            assertThatThrownBy(() -> cache.read("d.narinfo")).isInstanceOf(IOException.class)
                    .hasMessageEndingWith("/d.narinfo stalled: nothing received for 500 ms (after 2 attempts)")
                    .hasMessageNotContaining("null");
        }
    }

    @Test
    void absentAndForbiddenAreAnswersNotFailures() throws IOException {
        behaviours.put("f.narinfo", (ex, n) -> send(ex, 403, new byte[0]));
        try (HttpBinaryCache cache = cache(5)) {
            assertThat(cache.read("e.narinfo")).isEmpty();
            assertThat(cache.read("f.narinfo")).isEmpty();
        }
        assertThat(requests).containsEntry("e.narinfo", 1).containsEntry("f.narinfo", 1);
    }
}
