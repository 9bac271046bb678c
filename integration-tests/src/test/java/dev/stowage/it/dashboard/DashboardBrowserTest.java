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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
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
 * layer task in the lane of the worker that built it and the failure reason; a third build and then
 * a fleet rebuild (what each image did) appear without a reload. Screenshots go to {@code target/dashboard/}.
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
        return Json.reader().readTree(out.toString());
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

    /** Two catalog images of the example, rebuilt as one fleet rebuild ({@code stowage fleet build}) into the same audit log. */
    private JsonNode fleetBuild(Path audit) throws IOException {
        List<String> add = new ArrayList<>(List.of("fleet", "add"));
        for (String name : List.of("a", "b")) {
            add.add(Files.writeString(tmp.resolve("fleet-" + name + ".json"), "{\"name\":\"fleet/" + name + "\",\"tag\":\"1\",\"platforms\":["
                    + "{\"platform\":\"linux/amd64\",\"closure\":\"" + EXAMPLE.resolve("path-info.json") + "\"}]}").toString());
        }
        add.addAll(List.of("--out", "oci:" + tmp.resolve("out-fleet"), "--blob-store", tmp.resolve("blobs").toString()));
        List<String> build = new ArrayList<>(List.of("fleet", "build", "--store-root", EXAMPLE.resolve("store").toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--workers", "2", "--json"));
        String out = "";
        for (List<String> args : List.of(add, build)) {
            args.addAll(List.of("--catalog", tmp.resolve("catalog").toString(), "--audit-log", audit.toString()));
            StringWriter o = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(Main.run(new PrintWriter(o, true), new PrintWriter(err, true), args.toArray(String[]::new))).as(err.toString()).isZero();
            out = o.toString();
        }
        return Json.reader().readTree(out);
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

    /**
     * Reads and clicks go through one script each: the page redraws what changed on every event, so
     * an element found in one call may be replaced by the next.
     */
    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css);
    }

    @SuppressWarnings("unchecked")
    private List<String> attributes(String css, String attribute) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]));", css, attribute);
    }

    private void click(String css) {
        js("document.querySelector(arguments[0]).click();", css);
    }

    /** The lane each bar of the chart is in: "platform/layer" → lane name. */
    @SuppressWarnings("unchecked")
    private Map<String, String> barLanes() {
        Object lanes = js("const m = {};"
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
        assertThat(texts(row(published) + " td.state")).containsExactly("published");
        assertThat(texts(row(published) + " td.platforms")).containsExactly("linux/amd64, linux/arm64");
        assertThat(texts(row(published) + " td.image")).containsExactly("example/hello:two");
        assertThat(texts(row(failed) + " td.state")).containsExactly("failed");

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gantt rect.bar"), expectedLanes.size()));
        assertThat(barLanes()).as("one bar per layer task, in the lane of the worker that built it").isEqualTo(expectedLanes);
        assertThat(attributes("#gantt path.step", "data-kind"))
                .as("the assembler's steps (2 images, the index) and the publisher's").containsExactlyInAnyOrder("image", "image", "index", "published");
        assertThat(texts("#detail-index")).containsExactly(twoPlatforms.get("index").asText());
        assertThat(attributes("code.artifact", "data-kind")).contains("sbom", "provenance");
        screenshot("two-platform-build.png");

        click(row(failed));
        WebElement reason = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure-reason")));
        wait.until(ExpectedConditions.textToBePresentInElement(reason, "no-such-closure.json"));
        assertThat(reason.getText()).startsWith("Failed: submit (BAD_INPUT");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#gantt path.step.failed"), 1));
        assertThat(texts("#gantt rect.bar")).as("it failed before any layer task").isEmpty();
        assertThat(texts(row(failed) + " td.failure")).singleElement().asString().contains("no-such-closure.json");
        screenshot("failed-build.png");

        js("window.notReloaded = true;");
        String third = build(audit, "again", "linux/amd64").get("buildId").asText();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.build"), 3));
        wait.until(ExpectedConditions.textToBe(By.cssSelector(row(third) + " td.state"), "published"));
        assertThat(js("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
        assertThat(attributes("tr.build", "data-build-id").get(0)).as("the newest first").isEqualTo(third);
        screenshot("third-build-live.png");

        JsonNode rebuild = fleetBuild(audit);
        String fleetId = rebuild.get("fleetRebuild").asText();
        String fleetRows = ".fleet-rebuild[data-fleet-id='" + fleetId + "'] tbody tr";
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(fleetRows), 2));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fleet-rebuild[data-fleet-id='" + fleetId + "'] h3"), "finished"));
        List<String> expectedRows = new ArrayList<>();
        for (JsonNode i : rebuild.get("images")) {
            expectedRows.add(i.get("image").asText() + " " + i.get("imageBuildId").asText() + " republished "
                    + i.get("layersBuilt").asInt() + " " + i.get("layersReused").asInt() + " " + i.get("index").asText());
        }
        assertThat(js("return [...document.querySelectorAll(arguments[0])].map(r => [...r.cells].filter((c, i) => i !== 5)"
                + ".map(c => c.textContent).join(' '));", fleetRows)).as("what each image of the fleet rebuild did")
                .asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrderElementsOf(expectedRows);
        String imageBuild = rebuild.get("images").get(0).get("imageBuildId").asText();
        click(".fleet-rebuild a[href='#build/" + imageBuild + "']");
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), imageBuild));
        screenshot("fleet-rebuild.png");

        assertThat(dashboard.stderr().lines()).as("the dashboard wrote no errors").noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
    }
}
