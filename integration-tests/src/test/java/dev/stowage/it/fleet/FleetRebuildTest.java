package dev.stowage.it.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.cli.Main;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;
import dev.stowage.fleet.FleetIds;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of real nix-bin images sharing most paths ({@code -Dstowage.fleet.images}, default 50,
 * the size issue 8 asks for; bench/bench-fleet.sh runs 50 too): a cold build, then store path changes through
 * {@code stowage fleet trigger}; counts are asserted from the fleet's events, images with skopeo,
 * SBOMs against {@code nix path-info -r}. The tests are steps of one fleet's life, in order: each
 * change starts from the images the previous steps published.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRebuildTest {
    static final int N = Integer.getInteger("stowage.fleet.images", 50);
    @TempDir static Path tmp;
    static FleetFixture fleet;
    static Path layout;
    static JsonNode cold;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Json.reader().readTree(out);
        }
    }

    static Run stowage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--catalog", tmp.resolve("catalog").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString()));
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static Run build(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store-root", fleet.nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--workers", "2", "--timeout", "300", "--json"));
        return stowage(all.toArray(String[]::new));
    }

    @BeforeAll
    static void coldBuild() throws IOException {
        fleet = new FleetFixture(new NixStore(tmp.resolve("nix")), tmp.resolve("specs"), N);
        layout = tmp.resolve("layout");
        List<String> add = new ArrayList<>(List.of("fleet", "add"));
        fleet.specs().forEach(s -> add.add(s.toString()));
        add.addAll(List.of("--out", "oci:" + layout, "--blob-store", tmp.resolve("blobs").toString()));
        Run added = stowage(add.toArray(String[]::new));
        assertThat(added.exit()).as(added.err()).isZero();
        Run built = build("fleet", "build");
        assertThat(built.exit()).as(built.err()).isZero();
        cold = built.json();
    }

    static List<String> closure(int i, List<String> roots) {
        return fleet.nix.run(concat(List.of("nix", "path-info", "--store", fleet.nix.root().toString(), "-r"), roots)).lines().toList();
    }

    static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    static Digest indexDigest(int i) {
        return Skopeo.rawDigest("oci:" + layout + ":app-" + i);
    }

    static Map<String, JsonNode> imagesByName(JsonNode result) {
        Map<String, JsonNode> m = new HashMap<>();
        result.get("images").forEach(r -> m.put(r.get("image").asText(), r));
        return m;
    }

    /** The LayerBuilt events of a fleet rebuild's image builds, from the audit log. */
    static List<LayerBuilt> layersOf(String fleetId) throws IOException {
        return AuditLogReader.read(tmp.resolve("audit.jsonl")).stream().map(AuditEntry::event)
                .filter(e -> e instanceof LayerBuilt && FleetIds.fleetOf(e.buildId()).filter(fleetId::equals).isPresent())
                .map(e -> (LayerBuilt) e).toList();
    }

    static long buildRequests(String fleetId) throws IOException {
        return AuditLogReader.read(tmp.resolve("audit.jsonl")).stream().map(AuditEntry::event)
                .filter(e -> e instanceof BuildRequested && FleetIds.fleetOf(e.buildId()).filter(fleetId::equals).isPresent()).count();
    }

    @Test
    @Order(1)
    void theColdBuildBuildsEverySharedPathOnceAndPublishesEveryImage() {
        Set<String> unique = new HashSet<>();
        int total = 0;
        for (int i = 0; i < N; i++) {
            List<String> paths = closure(i, fleet.roots(i));
            unique.addAll(paths);
            total += paths.size();
        }
        JsonNode totals = cold.get("totals");
        assertThat(totals.get("images").asInt()).isEqualTo(N);
        assertThat(totals.get("republished").asInt()).isEqualTo(N);
        assertThat(totals.get("layersBuilt").asInt()).isEqualTo(unique.size());
        assertThat(totals.get("layersReused").asInt()).isEqualTo(total - unique.size());
    }

    @Test
    @Order(4)
    void aNewCaBundleRebuildsOnlyItsLayerAndRepublishesOnlyTheImagesHoldingIt() throws IOException {
        Map<Integer, Digest> before = new HashMap<>();
        for (int i = 0; i < N; i++) before.put(i, indexDigest(i));
        Path closureFile = fleet.nix.pathInfo(tmp.resolve("cacert-new.json"), fleet.cacertNew);
        Run r = build("fleet", "trigger", "--replace", fleet.cacertOld + "=" + fleet.cacertNew, "--closure", closureFile.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = r.json();
        String fleetId = result.get("fleetRebuild").asText();
        Map<String, JsonNode> images = imagesByName(result);
        int affected = 0;
        int layers = 0;
        for (int i = 0; i < N; i++) {
            if (!FleetFixture.hasCacert(i)) {
                assertThat(images).doesNotContainKey(fleet.name(i));
                assertThat(indexDigest(i)).isEqualTo(before.get(i));
                continue;
            }
            affected++;
            List<String> roots = List.of(fleet.apps.get(i), fleet.cacertNew);
            List<String> paths = closure(i, roots);
            layers += paths.size();
            JsonNode report = images.get(fleet.name(i));
            assertThat(report.get("republished").asBoolean()).isTrue();
            assertThat(report.get("layersBuilt").asInt() + report.get("layersReused").asInt()).isEqualTo(paths.size());
            JsonNode inspect = Skopeo.inspect("inspect", "oci:" + layout + ":app-" + i);
            assertThat(inspect.get("Digest").asText()).isEqualTo(report.get("index").asText()).isNotEqualTo(before.get(i).toString());
            assertThat(inspect.get("Layers")).hasSize(paths.size());
            JsonNode config = Skopeo.inspect("inspect", "--config", "oci:" + layout + ":app-" + i);
            assertThat(Skopeo.texts(config.get("config").get("Env"))).contains("SSL_CERT_FILE=" + fleet.cacertNew + "/etc/ssl/certs/ca-bundle.crt");
            assertThat(Sboms.storePaths(layout, Digest.parse(report.get("index").asText()))).containsExactlyInAnyOrderElementsOf(paths);
        }
        JsonNode totals = result.get("totals");
        assertThat(totals.get("images").asInt()).isEqualTo(affected);
        assertThat(totals.get("republished").asInt()).isEqualTo(affected);
        assertThat(totals.get("layersBuilt").asInt()).isEqualTo(1);
        assertThat(totals.get("layersReused").asInt()).isEqualTo(layers - 1);
        List<LayerBuilt> built = layersOf(fleetId).stream().filter(l -> !l.cached()).toList();
        assertThat(built).singleElement().satisfies(l -> assertThat(l.paths()).extracting(Object::toString).containsExactly(fleet.cacertNew));
        Run status = stowage("fleet", "status", fleetId);
        assertThat(status.out()).contains(affected + " of " + affected + " images done").contains("layers built 1");
    }

    @Test
    @Order(2)
    void aChangeToAPathNoImageHoldsTriggersNothing() throws IOException {
        Digest before = indexDigest(1);
        Path closureFile = fleet.nix.pathInfo(tmp.resolve("unused-new.json"), fleet.unusedNew);
        Run r = build("fleet", "trigger", "--replace", fleet.unusedOld + "=" + fleet.unusedNew, "--closure", closureFile.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = r.json();
        assertThat(result.get("totals").get("images").asInt()).isZero();
        assertThat(result.get("images")).isEmpty();
        assertThat(buildRequests(result.get("fleetRebuild").asText())).isZero();
        assertThat(indexDigest(1)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aNewSslLibraryWithoutItsDependentsIsRefusedAndNothingIsRebuilt() throws IOException {
        List<String> next = fleet.build("3.0.14-broken");
        String sslOld = closure(0, List.of(fleet.apps.get(0))).stream().filter(p -> p.endsWith("-libssl-3.0.13")).findFirst().orElseThrow();
        String sslNew = fleet.nix.closure(next.get(4)).stream().filter(p -> p.endsWith("-libssl-3.0.14-broken")).findFirst().orElseThrow();
        Digest before = indexDigest(0);
        Path closureFile = fleet.nix.pathInfo(tmp.resolve("ssl-broken.json"), sslNew);
        Run r = build("fleet", "trigger", "--replace", sslOld + "=" + sslNew, "--closure", closureFile.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("still references it").contains(fleet.apps.get(0));
        assertThat(indexDigest(0)).isEqualTo(before);
        List<StowageEvent> log = AuditLogReader.read(tmp.resolve("audit.jsonl")).stream().map(AuditEntry::event).toList();
        String fleetId = log.stream().filter(e -> e instanceof StorePathsChanged c && c.replacements().get(0).to().toString().equals(sslNew))
                .findFirst().orElseThrow().buildId();
        assertThat(log).filteredOn(e -> e instanceof BuildFailed && e.buildId().equals(fleetId))
                .singleElement().satisfies(e -> assertThat(((BuildFailed) e).kind()).isEqualTo(BuildFailed.Kind.BAD_INPUT));
        assertThat(buildRequests(fleetId)).isZero();
    }

    @Test
    @Order(5)
    void aNewSslLibraryWithItsDependentsRebuildsTheirLayersOnly() throws IOException {
        List<String> next = fleet.build("3.0.14");
        String sslOld = closure(0, List.of(fleet.apps.get(0))).stream().filter(p -> p.endsWith("-libssl-3.0.13")).findFirst().orElseThrow();
        String sslNew = fleet.nix.closure(next.get(4)).stream().filter(p -> p.endsWith("-libssl-3.0.14")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(List.of("fleet", "trigger", "--replace", sslOld + "=" + sslNew));
        List<String> newPaths = new ArrayList<>(List.of(sslNew));
        for (int i = 0; i < N; i++) {
            if (i % 2 == 0) {
                args.addAll(List.of("--replace", fleet.apps.get(i) + "=" + next.get(4 + i)));
                newPaths.add(next.get(4 + i));
            } else {
                assertThat(next.get(4 + i)).isEqualTo(fleet.apps.get(i)); // apps without libssl keep their paths
            }
        }
        args.addAll(List.of("--closure", fleet.nix.pathInfo(tmp.resolve("ssl-new.json"), newPaths.toArray(String[]::new)).toString()));
        Map<Integer, Digest> before = new HashMap<>();
        for (int i = 0; i < N; i++) before.put(i, indexDigest(i));
        Run r = build(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = r.json();
        int even = (N + 1) / 2;
        assertThat(result.get("totals").get("republished").asInt()).isEqualTo(even);
        assertThat(result.get("totals").get("layersBuilt").asInt()).isEqualTo(1 + even); // the library once, each new app
        List<LayerBuilt> built = layersOf(result.get("fleetRebuild").asText()).stream().filter(l -> !l.cached()).toList();
        assertThat(built.stream().flatMap(l -> l.paths().stream()).map(Object::toString)).containsExactlyInAnyOrderElementsOf(newPaths);
        for (int i = 0; i < N; i++) {
            if (i % 2 == 0 && FleetFixture.hasCacert(i)) { // the catalog kept the CA bundle of the previous change
                assertThat(Sboms.storePaths(layout, indexDigest(i))).contains(fleet.cacertNew, sslNew).doesNotContain(fleet.cacertOld, sslOld);
            }
            if (i % 2 == 1) assertThat(indexDigest(i)).isEqualTo(before.get(i));
            else assertThat(Skopeo.inspect("inspect", "--config", "oci:" + layout + ":app-" + i).get("config").get("Cmd").get(0).asText())
                    .isEqualTo(next.get(4 + i) + "/bin/run");
        }
    }

    @Test
    @Order(6)
    void newRootsForOneImageRepublishItFromCachedLayersOnly() throws IOException {
        Digest other = indexDigest(2);
        String app1 = fleet.apps.get(1); // odd: unchanged by the SSL step; its CA bundle root is dropped
        Path closureFile = fleet.nix.pathInfo(tmp.resolve("app-1-alone.json"), app1);
        Run r = build("fleet", "trigger", "--root", fleet.name(1) + "@linux/amd64=" + app1, "--closure", closureFile.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = imagesByName(r.json()).get(fleet.name(1));
        List<String> paths = closure(1, List.of(app1));
        assertThat(r.json().get("images")).hasSize(1);
        assertThat(report.get("layersBuilt").asInt()).isZero();
        assertThat(report.get("layersReused").asInt()).isEqualTo(paths.size());
        assertThat(Skopeo.inspect("inspect", "oci:" + layout + ":app-1").get("Layers")).hasSize(paths.size());
        assertThat(Sboms.storePaths(layout, indexDigest(1))).containsExactlyInAnyOrderElementsOf(paths);
        assertThat(indexDigest(2)).isEqualTo(other);
    }

    @Test
    @Order(7)
    void theCatalogAndTheReverseIndexAnswerFromTheCommandLine() {
        Run contains = stowage("fleet", "contains", "libssl-3.0.14");
        assertThat(contains.exit()).as(contains.err()).isZero();
        assertThat(contains.out().lines().map(l -> l.split(" ")[0])).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, N).filter(i -> i % 2 == 0).mapToObj(fleet::name).toList());
        assertThat(stowage("fleet", "contains", fleet.cacertOld).out()).isEmpty();
        assertThat(stowage("fleet", "list").out().lines()).hasSize(N);
        assertThat(stowage("fleet", "remove", fleet.name(0)).exit()).isZero();
        Run again = stowage("fleet", "remove", fleet.name(0));
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains(fleet.name(0) + ": is not in the catalog");
        assertThat(stowage("fleet", "list").out().lines()).hasSize(N - 1).noneMatch(l -> l.startsWith(fleet.name(0) + ":"));
    }
}
