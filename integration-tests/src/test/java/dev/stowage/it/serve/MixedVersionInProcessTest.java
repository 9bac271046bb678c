package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.assembler.AssemblerService;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.AuditLog;
import dev.stowage.bus.EventBus;
import dev.stowage.bus.EventHandler;
import dev.stowage.bus.ForwardingEventBus;
import dev.stowage.bus.InProcessEventBus;
import dev.stowage.bus.RetryPolicy;
import dev.stowage.bus.Subscription;
import dev.stowage.event.BuildFailed;
import dev.stowage.event.BuildRequested;
import dev.stowage.event.EventCodec;
import dev.stowage.event.EventHeader;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.Topics;
import dev.stowage.json.Json;
import dev.stowage.nix.cache.BinaryCaches;
import dev.stowage.oci.ImageLocation;
import dev.stowage.planner.PlannerService;
import dev.stowage.publisher.PublisherService;
import dev.stowage.spec.SpecLoader;
import dev.stowage.testsupport.Await;
import dev.stowage.worker.Compressors;
import dev.stowage.worker.LayerWorkerService;
import dev.stowage.worker.LocalStoreContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling upgrade of {@link MixedVersionPipelineTest} on the in-process bus with the real
 * stages: a "newer" planner's layer tasks carry unknown fields (its bus writes them as raw bytes
 * with the extra fields), one more task is schema v2. The workers build the readable tasks (the
 * build publishes the in-process image) and dead-letter the v2 task with a BuildFailed naming the version.
 */
class MixedVersionInProcessTest {
    /** The tasks here name no binary cache, so nothing asks for a Vert.x instance. */
    private static final BinaryCaches NO_CACHES = new BinaryCaches(() -> {
        throw new IllegalStateException("no binary cache in this test");
    });
    @TempDir static Path tmp;
    static final Path STORE_ROOT = Path.of("../examples/hello/store").toAbsolutePath().normalize();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void workersBuildTasksWithUnknownFieldsAndDeadLetterANewerMajor() throws Exception {
        Path closure = Path.of("../examples/hello/path-info.json").toAbsolutePath().normalize();
        Path spec = Files.writeString(tmp.resolve("hello.json"), "{\"name\":\"example/hello\",\"tag\":\"1.0\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"}]}");
        String reference = Cli.reference(spec, STORE_ROOT, tmp.resolve("reference"));
        Clock clock = Clock.systemUTC();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Published> published = new CopyOnWriteArrayList<>();
        List<BuildFailed> failed = new CopyOnWriteArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(4, AuditLog.none(), RetryPolicy.defaults(), clock, "test");
             FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            NewerPlannerBus newer = new NewerPlannerBus(bus);
            subs.add(new PlannerService("planner@new", clock).subscribe(newer));
            subs.add(new LayerWorkerService(new LocalStoreContents(STORE_ROOT), NO_CACHES, store, new Compressors(pool), "worker@old", clock)
                    .subscribe(bus, null, 2));
            subs.add(new AssemblerService(store, "assembler", clock).subscribe(bus));
            subs.add(new PublisherService(store, null, "publisher", clock).subscribe(bus));
            subs.add(bus.subscribe("watch", Topics.exactly(Topics.PUBLISHED), 1, (e, out) -> published.add((Published) e)));
            subs.add(bus.subscribe("watch-failed", Topics.exactly(Topics.BUILD_FAILED), 1, (e, out) -> failed.add((BuildFailed) e)));

            bus.publish(new BuildRequested(EventHeader.create("mixed-1", "cli", clock), SpecLoader.load(spec),
                    List.of(ImageLocation.parse("oci:" + tmp.resolve("out")))));
            Await.until(Duration.ofSeconds(120), "Published (or the build's failure)",
                    () -> !published.isEmpty() || failed.stream().anyMatch(f -> f.buildId().equals("mixed-1")), failed::toString);
            Await.until(Duration.ofSeconds(30), "BuildFailed of the v2 task", () -> !failed.isEmpty(), failed::toString);

            assertThat(published).singleElement().satisfies(p -> assertThat(p.index().toString()).isEqualTo(reference));
            assertThat(newer.rewritten).as("tasks the workers read carried unknown fields").isPositive();
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.buildId()).isEqualTo("mixed-v2");
                assertThat(f.stage()).startsWith("layer-worker");
                assertThat(f.kind()).isEqualTo(BuildFailed.Kind.BAD_INPUT);
                assertThat(f.message()).isEqualTo("LayerTask: schema v2 is newer than this worker understands (v1)");
            });
            assertThat(bus.size(Topics.deadLetters("stowage.layer-task.linux-amd64"))).isEqualTo(1);
            subs.forEach(Subscription::close);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The planner's view of the bus, as a newer release would write: each emitted layer task goes out
     * as raw bytes with fields this release does not know, the first also once more as schema v2 of
     * another build.
     */
    static final class NewerPlannerBus extends ForwardingEventBus {
        private final AtomicBoolean injected = new AtomicBoolean();
        volatile int rewritten;

        NewerPlannerBus(EventBus bus) {
            super(bus);
        }

        @Override
        public Subscription subscribe(String group, Pattern topics, int concurrency, EventHandler handler) {
            return bus.subscribe(group, topics, concurrency, (event, out) -> handler.handle(event, emitted -> {
                if (emitted instanceof LayerTask t) newer(t); else out.emit(emitted);
            }));
        }

        private void newer(LayerTask t) {
            try {
                ObjectNode n = (ObjectNode) Json.reader().readTree(EventCodec.encode(t));
                n.put("encoderThreads", 4);
                ((ObjectNode) n.get("header")).put("traceId", "00-4bf92f3577b34da6-01");
                if (injected.compareAndSet(false, true)) {
                    ObjectNode v2 = n.deepCopy();
                    ((ObjectNode) v2.get("header")).put("schemaVersion", 2).put("buildId", "mixed-v2");
                    bus.publishRaw(Topics.of(t), t.partitionKey(), Json.writer().writeValueAsBytes(v2));
                }
                bus.publishRaw(Topics.of(t), t.partitionKey(), Json.writer().writeValueAsBytes(n));
                rewritten++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
