package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.bus.AuditLog;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.error.BadInputException;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.FleetRebuildPlanned;
import dev.stowage.event.StorePathsChanged.NewRoots;
import dev.stowage.event.StorePathsChanged.Replacement;
import dev.stowage.event.StorePathsChanged;
import dev.stowage.event.StowageEvent;
import dev.stowage.event.Topics;
import dev.stowage.fleet.webhook.ChangeWebhook;
import dev.stowage.http.HandlerServer;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.ImageLocation;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetPlannerTest {
    @TempDir Path tmp;
    private FolderCatalog catalog;
    private ReverseIndex index;
    private FleetPlanner planner;

    @BeforeEach
    void fleetOfTwo() throws Exception {
        catalog = new FolderCatalog(tmp.resolve("catalog"));
        index = new ReverseIndex();
        CatalogEntry app = new CatalogEntry(input(tmp, "team/app", APP, appClosure()), List.of(ImageLocation.parse("oci:/tmp/a")));
        CatalogEntry tool = new CatalogEntry(input(tmp, "team/tool", TOOL, List.of(info(TOOL, LIBC), info(LIBC))), List.of(ImageLocation.parse("oci:/tmp/t")));
        catalog.put(app);
        catalog.put(tool);
        BuildEvents.published("b-1", app.input(), 1, List.of(APP, SSL, LIBC, CACERT)).forEach(index::apply);
        BuildEvents.published("b-2", tool.input(), 2, List.of(TOOL, LIBC)).forEach(index::apply);
        planner = new FleetPlanner(catalog, index, "fleet-planner@test#1", CLOCK);
    }

    private List<StowageEvent> handle(StorePathsChanged change) throws Exception {
        List<StowageEvent> out = new ArrayList<>();
        planner.handle(change, out::add);
        return out;
    }

    private static StorePathsChanged change(String id, List<Replacement> replace, List<NewRoots> roots, List<PathInfo> closure) {
        return new StorePathsChanged(header(id), replace, roots, closure, "test");
    }

    @Test
    void plansExactlyTheImagesHoldingAReplacedPath() throws Exception {
        List<StowageEvent> out = handle(change("f-00000000000000000001", List.of(new Replacement(CACERT, CACERT_FIXED)), List.of(), List.of(info(CACERT_FIXED))));
        assertThat(out).hasSize(2);
        FleetRebuildPlanned plan = (FleetRebuildPlanned) out.get(0);
        assertThat(plan.images()).containsExactly(new FleetRebuildPlanned.PlannedImage("team/app", "f-00000000000000000001.0"));
        BuildRequested request = (BuildRequested) out.get(1);
        assertThat(request.buildId()).isEqualTo("f-00000000000000000001.0");
        assertThat(request.input().platforms().get(0).closure().paths()).contains(CACERT_FIXED).doesNotContain(CACERT);
        assertThat(request.outputs()).containsExactly(ImageLocation.parse("oci:/tmp/a"));
        assertThat(handle(change("f-00000000000000000001", List.of(new Replacement(CACERT, CACERT_FIXED)), List.of(), List.of(info(CACERT_FIXED)))))
                .extracting(StowageEvent::idempotencyKey).isEqualTo(out.stream().map(StowageEvent::idempotencyKey).toList());
    }

    @Test
    void aPathNoImageHoldsPlansAnEmptyRebuild() throws Exception {
        StorePath unused = path('9', "unused-1.0");
        List<StowageEvent> out = handle(change("f-00000000000000000002", List.of(new Replacement(unused, CACERT_FIXED)), List.of(), List.of(info(CACERT_FIXED))));
        assertThat(out).singleElement().satisfies(e -> assertThat(((FleetRebuildPlanned) e).images()).isEmpty());
    }

    @Test
    void aBadChangeEmitsNothing() {
        assertThatThrownBy(() -> handle(change("f-00000000000000000003", List.of(new Replacement(SSL, SSL_FIXED)), List.of(),
                List.of(info(SSL_FIXED, LIBC), info(LIBC))))).isInstanceOf(BadInputException.class).hasMessageContaining("still references it");
        assertThatThrownBy(() -> handle(change("f-00000000000000000003", List.of(), List.of(new NewRoots("team/other", null, List.of(TOOL))),
                List.of(info(TOOL))))).isInstanceOf(BadInputException.class).hasMessageContaining("team/other: new roots for an image that is not in the catalog");
    }

    @Test
    void aChangePostedToTheWebhookIsPlannedOnTheBus() throws Exception {
        String token = "planner-test-token";
        CompletableFuture<BuildRequested> requested = new CompletableFuture<>();
        Vertx vertx = Vertx.vertx();
        try (InProcessEventBus bus = new InProcessEventBus(4, AuditLog.none(), RetryPolicy.defaults(), CLOCK, "test");
                Subscription plans = planner.subscribe(bus);
                Subscription watch = bus.subscribe("watch", Topics.exactly(Topics.BUILD_REQUESTED), 1, (e, out) -> requested.complete((BuildRequested) e));
                HandlerServer server = new HandlerServer(vertx, "127.0.0.1", 0, new ChangeWebhook(bus, token, "planner@test#1", CLOCK))) {
            String body = "{\"replace\":[{\"from\":\"" + CACERT + "\",\"to\":\"" + CACERT_FIXED + "\"}],\"closure\":"
                    + pathInfoJson(List.of(info(CACERT_FIXED))) + "}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + ChangeWebhook.PATH))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            BuildRequested request = requested.get(30, TimeUnit.SECONDS);
            assertThat(request.input().spec().name()).isEqualTo("team/app");
            assertThat(r.body()).contains(FleetIds.fleetOf(request.buildId()).orElseThrow());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
