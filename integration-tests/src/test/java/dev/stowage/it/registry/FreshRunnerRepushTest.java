package dev.stowage.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.cli.Main;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, the registry as the cache: {@code stowage build --out docker://…} from empty local
 * state (a fresh blob store, so a fresh layer cache) to a registry that already has the image
 * does nothing at all when the image's provenance names the same input, and otherwise encodes no
 * layer, writes no layer blob locally and publishes the identical index; a closure
 * with one changed store path (and so its dependent) re-encodes exactly the layers whose store
 * paths changed. Two platforms, real Nix closures, the real docker-registry; skopeo reads back.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FreshRunnerRepushTest {
    @TempDir static Path tmp;
    static Registry registry;
    static NixStore nix;

    @BeforeAll
    static void setUp() throws Exception {
        registry = Registry.anonymous(tmp.resolve("registry"));
        nix = new NixStore(tmp.resolve("nix"));
        nix.pathInfo(tmp.resolve("v1.json"), nix.buildResource("sample-closure.nix"));
        Path changed = nix.resource("sample-closure.nix");
        Path v2 = Files.writeString(tmp.resolve("sample-closure-v2.nix"), Files.readString(changed).replace("hello, world", "hello, registry"));
        nix.pathInfo(tmp.resolve("v2.json"), nix.build(v2));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    record Run(List<StowageEvent> events, Digest published, Path blobs, String json) {
        List<LayerBuilt> layers() {
            return events.stream().filter(LayerBuilt.class::isInstance).map(LayerBuilt.class::cast).toList();
        }
    }

    /** One {@code stowage build} of the closure file {@code closure} with its own (fresh) blob store and audit log. */
    private static Run build(String name, String closure, String out, String... extra) throws IOException {
        Path spec = Files.writeString(tmp.resolve("spec-" + name + ".json"), "{\"name\":\"stowage-it/repush\",\"tag\":\"1\",\"maxLayers\":5,"
                + "\"config\":{\"Env\":[\"PATH=/bin\"]},\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure + "\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"" + closure + "\"}]}");
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        Path blobs = tmp.resolve("blobs-" + name);
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--json",
                "--store-root", nix.root().toString(), "--blob-store", blobs.toString(),
                "--audit-log", tmp.resolve(name + ".jsonl").toString(), "--out", out));
        args.addAll(List.of(extra));
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        List<StowageEvent> events = AuditLogReader.read(tmp.resolve(name + ".jsonl")).stream().map(AuditEntry::event).toList();
        Published published = events.stream().filter(Published.class::isInstance).map(Published.class::cast).findFirst().orElseThrow();
        return new Run(events, published.index(), blobs, o.toString());
    }

    private static Set<Digest> keys(Run run) {
        return run.layers().stream().map(LayerBuilt::cacheKey).collect(Collectors.toSet());
    }

    /** The --json result without the build id and the cached flags. */
    private static String comparable(Run run) {
        return run.json().replaceAll("\"buildId\":\"[^\"]*\"", "").replaceAll("\"cached\":(true|false)", "");
    }

    @Test
    void aFreshRunnerPushingTheSameSpecFindsItsImageThereAndDoesNothing() throws IOException {
        String out = registry.docker("team/same:1");
        Run cold = build("cold", "v1.json", out);
        // both platforms share the closure: the second platform's layers hit the cache the first one filled
        assertThat(cold.layers()).isNotEmpty().anyMatch(l -> !l.cached());

        // the registry holds the index whose provenance names this very input: nothing to plan, encode, assemble or push
        Run again = build("fresh", "v1.json", out);
        assertThat(again.events()).noneMatch(e -> e instanceof LayerTask || e instanceof LayerBuilt || e instanceof IndexAssembled);
        assertThat(again.published()).isEqualTo(cold.published());
        assertThat(comparable(again)).isEqualTo(comparable(cold));
        assertThat(Skopeo.rawDigest("--tls-verify=false", out)).isEqualTo(cold.published());
        try (Stream<Path> files = Files.walk(again.blobs())) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> f.toFile().length() > 1024 * 1024)).isEmpty();
        }
    }

    @Test
    void aFreshRunnerThatMustAssembleAgainEncodesNoLayerAndPublishesTheSameIndex() throws IOException {
        String out = registry.docker("team/seeded:1");
        Run cold = build("seeded-cold", "v1.json", out);
        // wall-clock provenance is never the same twice, so the image is assembled again; its layers come from the registry
        Run again = build("seeded-fresh", "v1.json", out, "--provenance-times", "wall-clock");
        assertThat(again.layers()).hasSameSizeAs(cold.layers()).allMatch(LayerBuilt::cached);
        assertThat(keys(again)).isEqualTo(keys(cold));
        assertThat(again.published()).isEqualTo(cold.published());
        assertThat(Skopeo.rawDigest("--tls-verify=false", out)).isEqualTo(cold.published());
        try (FileSystemBlobStore store = new FileSystemBlobStore(again.blobs())) {
            for (LayerBuilt l : again.layers()) assertThat(store.exists(l.blob().digest())).as(l.blob().digest().toString()).isFalse();
        }
        // the image is whole and pullable: skopeo copies every platform with every blob out of the registry
        Tools.run("skopeo", "copy", "-q", "--all", "--src-tls-verify=false", out, "oci:" + tmp.resolve("copied") + ":1");
    }

    @Test
    void aChangedClosureReencodesExactlyTheLayersWhosePathsChanged() throws IOException {
        String out = registry.docker("team/changed:1");
        Run v1 = build("v1", "v1.json", out);
        Run v2 = build("v2", "v2.json", out);
        Set<StorePath> before = v1.layers().stream().flatMap(l -> l.paths().stream()).collect(Collectors.toSet());
        // every layer whose store paths the first build had comes from the registry
        for (LayerBuilt l : v2.layers()) {
            if (before.containsAll(l.paths())) assertThat(l.cached()).as(l.paths().toString()).isTrue();
        }
        assertThat(v2.layers()).anyMatch(LayerBuilt::cached).anyMatch(l -> !l.cached());
        // the layers encoded (once each: the second platform hits the first one's) are the changed greeting data
        // and hello, which refers to it
        assertThat(v2.layers().stream().filter(l -> !l.cached()).map(LayerBuilt::cacheKey).toList()).doesNotHaveDuplicates();
        Set<String> rebuilt = v2.layers().stream().filter(l -> !l.cached()).flatMap(l -> l.paths().stream())
                .map(p -> p.toString().replaceAll(".*/[a-z0-9]{32}-", "")).collect(Collectors.toSet());
        assertThat(rebuilt).containsExactlyInAnyOrder("greeting-data-1.0", "hello-2.12");
        assertThat(Skopeo.rawDigest("--tls-verify=false", out)).isEqualTo(v2.published());
        Tools.run("skopeo", "copy", "-q", "--all", "--src-tls-verify=false", out, "oci:" + tmp.resolve("copied-v2") + ":1");
    }
}
