package dev.stowage.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed by scripts/ensure-packages.sh)
 * on a free loopback port, its TSDB in a temp folder, scraping the given loopback ports'
 * {@code /metrics} every second (one job, {@code stowage}). Queried through its HTTP API.
 */
public final class Prometheus implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    public Prometheus(Path dir, List<Integer> targets) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        String list = targets.stream().map(p -> "'127.0.0.1:" + p + "'").collect(Collectors.joining(", "));
        Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: stowage",
                "    static_configs:",
                "      - targets: [" + list + "]") + "\n");
        process = new ProcessBuilder(List.of("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
        Await.until(Duration.ofSeconds(30), "prometheus ready on " + port, () -> {
            if (!process.isAlive()) throw new AssertionError("prometheus exited with " + process.exitValue() + "\n" + log());
            return status("/-/ready") == 200;
        }, this::log);
    }

    /** The result vector of an instant query ({@code data.result}). */
    public JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) throw new AssertionError("query " + promql + " failed: " + answer);
        return answer.get("data").get("result");
    }

    /** The single value of a query whose result has one sample (e.g. a {@code sum(…)}); NaN when it has none. */
    public double value(String promql) {
        JsonNode result = query(promql);
        if (result.isEmpty()) return Double.NaN;
        if (result.size() > 1) throw new AssertionError(promql + " has " + result.size() + " samples: " + result);
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    /** The label sets of every series whose name matches {@code selector} (e.g. {@code {__name__=~"stowage_.+"}}). */
    public List<JsonNode> series(String selector) {
        JsonNode answer = get("/api/v1/series?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        answer.get("data").forEach(out::add);
        return out;
    }

    /** The scrape targets and their health ({@code up}, {@code down}), for failure messages. */
    public String targets() {
        return get("/api/v1/targets").path("data").path("activeTargets").toString();
    }

    public String log() {
        try {
            return Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return Json.reader().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("prometheus " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
