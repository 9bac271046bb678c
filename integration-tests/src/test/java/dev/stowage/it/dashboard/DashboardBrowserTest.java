package dev.stowage.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.cli.Main;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.LayerBuilt;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromedriver): a real two-platform
 * build of the example and a build that fails on its input are in an audit log; {@code stowage
 * dashboard} (its own JVM) follows it. The page lists both with their state, shows one bar per
 * layer task in the lane of the worker that built it and the failure reason; a third build appears
 * without a reload. Screenshots go to {@code target/dashboard/}.
 */
class DashboardBrowserTest {
    static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    static final Path SHOTS = Path.of("target", "dashboard").toAbsolutePath();
    @TempDir Path tmp;
    DashboardProcess dashboard;
    ChromeDriver browser;

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) browser.quit();
        if (dashboard != null) dashboard.close(); // SIGTERM: it stops cleanly, exit 0
    }

    private JsonNode build(Path audit, String name, String... platforms) throws IOException {
        StringBuilder ps = new StringBuilder();
        for (String p : platforms) {
            ps.append(ps.length() == 0 ? "" : ",").append("{\"platform\":\"").append(p).append("\",\"closure\":\"")
                    .append(EXAMPLE.resolve("path-info.json")).append("\"}");
        }
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"example/hello\",\"tag\":\"" + name + "\",\"platforms\":[" + ps + "]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(), "--store-root", EXAMPLE.resolve("store").toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", audit.toString(), "--out", "oci:" + tmp.resolve("out-" + name), "--json");
        assertThat(exit).as(err.toString()).isZero();
        return Json.mapper().readTree(out.toString());
    }

    /** A build whose closure file is missing: it fails at submission, with a BuildFailed in the log. */
    private String failedBuild(Path audit) throws IOException {
        Path spec = Files.writeString(tmp.resolve("broken.json"), "{\"name\":\"example/broken\",\"tag\":\"1\",\"platforms\":["
                + "{\"platform\":\"linux/amd64\",\"closure\":\"" + tmp.resolve("no-such-closure.json") + "\"}]}");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", EXAMPLE.resolve("store").toString(), "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", audit.toString(),
                "--out", "oci:" + tmp.resolve("out-broken"));
        assertThat(exit).as(err.toString()).isEqualTo(2);
        List<BuildFailed> failures = AuditLogReader.read(audit).stream().map(AuditEntry::event)
                .filter(BuildFailed.class::isInstance).map(BuildFailed.class::cast).toList();
        assertThat(failures).as("the log records the failure").hasSize(1);
        return failures.get(0).buildId();
    }

    private ChromeDriver chromium() throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().withLogFile(tmp.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        return new ChromeDriver(service, options);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String row(String buildId) {
        return "tr.build[data-build-id='" + buildId + "']";
    }

    /** The lane each bar of the chart is in: "platform/layer" → lane name. */
    @SuppressWarnings("unchecked")
    private Map<String, String> barLanes() {
        Object lanes = ((JavascriptExecutor) browser).executeScript("const m = {};"
                + "document.querySelectorAll('#gantt rect.bar').forEach(b => m[b.dataset.platform + '/' + b.dataset.layer] = b.closest('g.lane').dataset.lane);"
                + "return m;");
        return new TreeMap<>((Map<String, String>) lanes);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void showsTheBuildsTheirLayerTasksInLanesAndTheFailureAndFollowsTheLog() throws Exception {
        Path audit = tmp.resolve("audit.jsonl");
        JsonNode twoPlatforms = build(audit, "two", "linux/amd64", "linux/arm64");
        String published = twoPlatforms.get("buildId").asText();
        String failed = failedBuild(audit);
        Map<String, String> expectedLanes = new TreeMap<>();
        for (AuditEntry e : AuditLogReader.read(audit)) {
            if (e.event() instanceof LayerBuilt b && b.buildId().equals(published)) {
                expectedLanes.put(b.platform() + "/" + b.layerIndex(), b.header().producer());
            }
        }
        assertThat(expectedLanes.keySet()).as("layer tasks of both platforms").anyMatch(k -> k.startsWith("linux/amd64/")).anyMatch(k -> k.startsWith("linux/arm64/"));

        dashboard = new DashboardProcess(tmp, "dashboard", "--audit-log", audit.toString());
        int port = dashboard.port();
        browser = chromium();
        browser.get("http://127.0.0.1:" + port + "/#build/" + published);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.build"), 2));
        assertThat(browser.findElement(By.cssSelector(row(published) + " td.state")).getText()).isEqualTo("published");
        assertThat(browser.findElement(By.cssSelector(row(published) + " td.platforms")).getText()).isEqualTo("linux/amd64, linux/arm64");
        assertThat(browser.findElement(By.cssSelector(row(published) + " td.image")).getText()).isEqualTo("example/hello:two");
        assertThat(browser.findElement(By.cssSelector(row(failed) + " td.state")).getText()).isEqualTo("failed");

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gantt rect.bar"), expectedLanes.size()));
        assertThat(barLanes()).as("one bar per layer task, in the lane of the worker that built it").isEqualTo(expectedLanes);
        assertThat(browser.findElements(By.cssSelector("#gantt path.step"))).extracting(e -> e.getAttribute("data-kind"))
                .as("the assembler's steps (2 images, the index) and the publisher's").containsExactlyInAnyOrder("image", "image", "index", "published");
        assertThat(browser.findElement(By.id("detail-index")).getText()).isEqualTo(twoPlatforms.get("index").asText());
        assertThat(browser.findElements(By.cssSelector("code.artifact"))).extracting(e -> e.getAttribute("data-kind")).contains("sbom", "provenance");
        screenshot("two-platform-build.png");

        browser.findElement(By.cssSelector(row(failed))).click();
        WebElement reason = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure-reason")));
        wait.until(ExpectedConditions.textToBePresentInElement(reason, "no-such-closure.json"));
        assertThat(reason.getText()).startsWith("Failed: submit (BAD_INPUT");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gantt path.step.failed"), 1));
        assertThat(browser.findElements(By.cssSelector("#gantt rect.bar"))).as("it failed before any layer task").isEmpty();
        assertThat(browser.findElement(By.cssSelector(row(failed) + " td.failure")).getText()).contains("no-such-closure.json");
        screenshot("failed-build.png");

        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        String third = build(audit, "again", "linux/amd64").get("buildId").asText();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.build"), 3));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(row(third) + " td.state"), "published"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("tr.build")).get(0).getAttribute("data-build-id")).as("the newest first").isEqualTo(third);
        screenshot("third-build-live.png");
        assertThat(dashboard.stderr().lines()).as("the dashboard wrote no errors").noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
    }
}
