package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage build --metrics-port N} serves the build's meters while it runs; a port in use is one usage line. */
class BuildMetricsPortTest {
    @TempDir Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aLongLocalBuildServesItsMetricsWhileItRuns() throws Exception {
        SlowClosure slow = new SlowClosure(tmp, 4, 3 << 20);
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CompletableFuture<Cli.Run> build = CompletableFuture.supplyAsync(() -> Cli.run("build", slow.spec.toString(),
                "--store-root", slow.storeRoot.toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "oci:" + tmp.resolve("out"), "--json",
                "--metrics-port", Integer.toString(port)));
        String[] seen = {""};
        // the layers (zstd level 19, built in parallel) take seconds; the request was planned before them
        Await.until(Duration.ofSeconds(120), "the planned request on /metrics while the build runs", () -> {
            if (build.isDone()) throw new AssertionError("the build ended before /metrics showed it: " + build.join().err());
            seen[0] = metrics(port);
            return seen[0].contains("stowage_builds_requested_total{role=\"build\"} 1.0");
        }, () -> seen[0]);
        assertThat(seen[0]).contains("stowage_events_emitted_total{group=\"planner\",role=\"build\",type=\"LayerTask\"} 8.0")
                .contains("stowage_blob_store_operation_seconds_count{").contains("jvm_memory_used_bytes{");
        Cli.Run r = build.get(150, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("stowage: metrics at http://127.0.0.1:" + port + "/metrics");

        try (ServerSocket taken = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            Cli.Run refused = Cli.run("build", slow.spec.toString(), "--store-root", slow.storeRoot.toString(),
                    "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                    "--out", "oci:" + tmp.resolve("out-2"), "--metrics-port", Integer.toString(port));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err().lines().toList()).singleElement().asString().contains("--metrics-port").contains("in use");
        }
    }

    private static String metrics(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
